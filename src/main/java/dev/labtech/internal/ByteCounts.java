package dev.labtech.internal;

import java.util.Locale;

/** Byte counts as people read them: {@code 812 B}, {@code 52.1 kB}, {@code 6.8 MB}. */
public final class ByteCounts {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    /** What {@link #parse} accepts, for messages about a value it does not. */
    public static final String EXPECTED = "expected a size such as 2GB, 500MB, 10kB or a number of bytes";

    private ByteCounts() {
    }

    /**
     * {@code 2GB}, {@code 500 MB}, {@code 10kB} or a number of bytes, in the decimal units
     * {@link #format} writes; empty if {@code text} is none of these.
     */
    public static java.util.OptionalLong parse(String text) {
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)[bB]?\\s*")
                .matcher(text);
        if (!size.matches()) {
            return java.util.OptionalLong.empty();
        }
        double value = Double.parseDouble(size.group(1));
        int unit = size.group(2).isEmpty() ? 0 : "kmgt".indexOf(size.group(2).toLowerCase(Locale.ROOT)) + 1;
        return java.util.OptionalLong.of((long) (value * Math.pow(1000, unit)));
    }

    /** {@code bytes} in decimal units, one decimal; {@code ?} for a negative (unknown) count. */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
