package dev.labtech.maven;

/** Byte counts as people read them: {@code 812 B}, {@code 52.1 kB}, {@code 6.8 MB}. */
final class Sizes {

    private Sizes() {
    }

    /**
     * {@code 2GB}, {@code 500 MB}, {@code 10kB} or a number of bytes, in the decimal units
     * {@link #format} writes.
     */
    static long parse(String text) throws org.apache.maven.plugin.MojoFailureException {
        java.util.OptionalLong size = dev.labtech.internal.ByteCounts.parse(text);
        if (size.isEmpty()) {
            throw new org.apache.maven.plugin.MojoFailureException("Invalid value '" + text
                    + "' for labtech.maxSize: " + dev.labtech.internal.ByteCounts.EXPECTED);
        }
        return size.getAsLong();
    }

    static String format(long bytes) {
        return dev.labtech.internal.ByteCounts.format(bytes);
    }
}
