package dev.labtech.maven;

import dev.labtech.CachedResult;
import dev.labtech.CallReport;
import dev.labtech.internal.JsonText;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;

/**
 * Formats cached results: as an aligned table, one line per result under a header, then totals;
 * or as JSON for scripts. A fixture is named by its interface's simple name unless two listed
 * interfaces share one, then by the full name.
 */
final class Listing {

    private static final int MAX_ARGUMENTS = 40;
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final String[] HEADER = {"fixture", "arguments", "version", "returns", "size", "created", "computing"};

    private final ZoneId zone;

    Listing(ZoneId zone) {
        this.zone = zone;
    }

    List<String> lines(List<CachedResult> results) {
        return lines(results, result -> Optional.empty());
    }

    /** The table, each stale result marked with why the current code would not load it. */
    List<String> lines(List<CachedResult> results, Function<CachedResult, Optional<String>> whyStale) {
        Map<String, Long> simpleNames = new HashMap<>();
        results.stream().filter(result -> !result.damaged()).map(CachedResult::fixtureType).distinct()
                .forEach(type -> simpleNames.merge(simpleName(type), 1L, Long::sum));
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        long bytes = 0;
        Duration computing = Duration.ZERO;
        int damaged = 0;
        int stale = 0;
        List<String> marks = new ArrayList<>();
        marks.add("");
        for (CachedResult result : results) {
            bytes += Math.max(0, result.sizeBytes());
            if (result.damaged()) {
                damaged++;
                rows.add(new String[] {result.key(), "DAMAGED", "", "", Sizes.format(result.sizeBytes()), "",
                    result.problem().orElse("").lines().findFirst().orElse("")});
                marks.add("");
                continue;
            }
            Optional<String> why = whyStale.apply(result);
            if (why.isPresent()) {
                stale++;
            }
            marks.add(why.map(reason -> "  stale: " + reason).orElse(""));
            computing = computing.plus(result.computeDuration());
            String fixture = simpleNames.getOrDefault(simpleName(result.fixtureType()), 1L) > 1
                    ? result.fixtureType() + result.fixture().substring(result.fixture().indexOf('#'))
                    : result.fixture();
            rows.add(new String[] {fixture, abbreviate(result.arguments()), result.version().isEmpty() ? "-" : result.version(),
                shortTypeName(result.returnType()), Sizes.format(result.sizeBytes()),
                CREATED.format(result.created().atZone(zone)), CallReport.format(result.computeDuration())});
        }
        int[] widths = new int[HEADER.length - 1];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        int widest = 0;
        for (String[] row : rows) {
            widest = Math.max(widest, row[HEADER.length - 1].length());
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(pad(row[i], widths[i], i == 4)).append("  ");
            }
            String last = marks.get(r).isEmpty() ? row[HEADER.length - 1] : pad(row[HEADER.length - 1], widest, false);
            lines.add(line.append(last).append(marks.get(r)).toString().stripTrailing());
        }
        lines.add(results.size() + " cached result" + (results.size() == 1 ? "" : "s") + ", " + Sizes.format(bytes)
                + ", " + CallReport.format(computing) + " of computing"
                + (damaged > 0 ? ", " + damaged + " damaged (recomputed when next used; labtech:clear removes them)" : "")
                + (stale > 0 ? ", " + stale + " stale (never loaded again; labtech:clear -Dlabtech.stale removes them)"
                        : ""));
        return lines;
    }

    /** The results as a JSON array, one object per result. */
    String json(List<CachedResult> results, Function<CachedResult, Optional<String>> whyStale) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JsonText.generator(text)) {
            json.writeStartArray();
            for (CachedResult result : results) {
                json.writeStartObject();
                json.writeStringProperty("key", result.key());
                json.writeStringProperty("fixture", result.fixture());
                json.writeStringProperty("fixture_type", result.fixtureType());
                json.writeStringProperty("arguments", result.arguments());
                json.writeStringProperty("version", result.version());
                json.writeStringProperty("return_type", result.returnType());
                json.writeStringProperty("cache", result.cache());
                json.writeNumberProperty("bytes", result.sizeBytes());
                json.writeStringProperty("created", result.created().toString());
                json.writeName("computing_seconds");
                json.writeNumber(BigDecimal.valueOf(result.computeDuration().toNanos(), 9).stripTrailingZeros());
                json.writeBooleanProperty("damaged", result.damaged());
                Optional<String> why = result.damaged() ? Optional.empty() : whyStale.apply(result);
                json.writeBooleanProperty("stale", why.isPresent());
                if (why.isPresent()) {
                    json.writeStringProperty("stale_because", why.get());
                }
                if (result.problem().isPresent()) {
                    json.writeStringProperty("problem", result.problem().get());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return text.toString();
    }

    private static String simpleName(String typeName) {
        return typeName.substring(typeName.lastIndexOf('.') + 1).replace('$', '.');
    }

    /** {@code java.util.List<com.example.Row>} as {@code List<Row>}. */
    static String shortTypeName(String typeName) {
        return typeName.replaceAll("\\b[a-z][\\w]*\\.(?=[\\w.]*\\b)", "").replaceAll("[\\w]+\\$", "");
    }

    private static String abbreviate(String arguments) {
        return "(" + (arguments.length() <= MAX_ARGUMENTS ? arguments
                : arguments.substring(0, MAX_ARGUMENTS - 1) + "…") + ")";
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}
