package dev.labtech.internal;

import java.util.Locale;

/** Byte counts as people read them: {@code 812 B}, {@code 52.1 kB}, {@code 6.8 MB}. */
public final class ByteCounts {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private ByteCounts() {
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
