package dev.labtech.maven;

import java.util.Locale;

/** Byte counts as people read them: {@code 812 B}, {@code 52.1 kB}, {@code 6.8 MB}. */
final class Sizes {

    private Sizes() {
    }

    /**
     * {@code 2GB}, {@code 500 MB}, {@code 10kB} or a number of bytes, in the decimal units
     * {@link #format} writes.
     */
    static long parse(String text) throws org.apache.maven.plugin.MojoFailureException {
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)[bB]?\\s*")
                .matcher(text);
        if (!size.matches()) {
            throw new org.apache.maven.plugin.MojoFailureException("Invalid value '" + text
                    + "' for labtech.maxSize: expected a size such as 2GB, 500MB, 10kB or a number of bytes");
        }
        double value = Double.parseDouble(size.group(1));
        int unit = "kmgt".indexOf(size.group(2).toLowerCase(Locale.ROOT)) + 1;
        return (long) (value * Math.pow(1000, unit));
    }

    static String format(long bytes) {
        return dev.labtech.internal.ByteCounts.format(bytes);
    }
}
