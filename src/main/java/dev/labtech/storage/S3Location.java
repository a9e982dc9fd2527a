package dev.labtech.storage;

import dev.labtech.StorageException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in S3 a team cache is: a bucket and a prefix, as written {@code s3://bucket/prefix}.
 *
 * @param bucket the bucket's name
 * @param prefix the folder entries are kept in: empty (the bucket's top) or ending with {@code /}
 * @since 0.1.0
 */
public record S3Location(String bucket, String prefix) {

    private static final Pattern URI_SHAPE = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");
    private static final Pattern PREFIX_PART = Pattern.compile("[A-Za-z0-9!_.*'()-]+");

    /**
     * @throws StorageException if the prefix has other than letters, digits, {@code !_.*'()-} and
     *                          {@code /}, or a {@code .} or {@code ..} folder
     */
    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        prefix = normalizePrefix(prefix);
    }

    /**
     * The location an {@code s3://bucket/prefix} URI names.
     *
     * @throws StorageException naming the URI and what is wrong with it
     */
    public static S3Location parse(String uri) {
        Matcher matcher = URI_SHAPE.matcher(uri == null ? "" : uri.strip());
        if (!matcher.matches()) {
            throw new StorageException("Invalid team cache '" + uri + "': expected s3://bucket or s3://bucket/prefix,"
                    + " with a bucket name of 3 to 63 lower-case letters, digits, '.' and '-'");
        }
        try {
            return new S3Location(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
        } catch (StorageException e) {
            throw new StorageException("Invalid team cache '" + uri + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }

    private static String normalizePrefix(String prefix) {
        String trimmed = Objects.requireNonNull(prefix, "prefix").replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return "";
        }
        for (String part : trimmed.split("/")) {
            if (!PREFIX_PART.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                throw new StorageException("the prefix '" + prefix
                        + "' must be folder names of letters, digits and !_.*'()- separated by '/'");
            }
        }
        return trimmed + "/";
    }
}
