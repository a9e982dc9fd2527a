package dev.labtech.maven;

import dev.labtech.CachedResult;
import dev.labtech.CallReport;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats cached results as aligned lines, one per result, then totals. */
final class Listing {

    private static final int MAX_ARGUMENTS = 40;
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final ZoneId zone;

    Listing(ZoneId zone) {
        this.zone = zone;
    }

    List<String> lines(List<CachedResult> results) {
        List<String[]> rows = new ArrayList<>();
        long bytes = 0;
        Duration computing = Duration.ZERO;
        int damaged = 0;
        for (CachedResult result : results) {
            bytes += Math.max(0, result.sizeBytes());
            if (result.damaged()) {
                damaged++;
                rows.add(new String[] {result.key(), "DAMAGED", Sizes.format(result.sizeBytes()), "",
                    result.problem().orElse("")});
            } else {
                computing = computing.plus(result.computeDuration());
                rows.add(new String[] {result.fixture(), abbreviate(result.arguments()), Sizes.format(result.sizeBytes()),
                    CREATED.format(result.created().atZone(zone)),
                    "computed in " + CallReport.format(result.computeDuration())});
            }
        }
        List<String> lines = new ArrayList<>();
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == 2 ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false)).append("  ");
            }
            lines.add(line.append(row[4]).toString().stripTrailing());
        }
        lines.add(results.size() + " cached result" + (results.size() == 1 ? "" : "s") + ", " + Sizes.format(bytes)
                + ", " + CallReport.format(computing) + " of computing"
                + (damaged > 0 ? ", " + damaged + " damaged (recomputed when next used; labtech:clear removes them)" : ""));
        return lines;
    }

    private static String abbreviate(String arguments) {
        return "(" + (arguments.length() <= MAX_ARGUMENTS ? arguments
                : arguments.substring(0, MAX_ARGUMENTS - 1) + "…") + ")";
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }
}
