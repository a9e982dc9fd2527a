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
        Map<String, Long> simpleNames = new HashMap<>();
        results.stream().filter(result -> !result.damaged()).map(CachedResult::fixtureType).distinct()
                .forEach(type -> simpleNames.merge(simpleName(type), 1L, Long::sum));
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        long bytes = 0;
        Duration computing = Duration.ZERO;
        int damaged = 0;
        for (CachedResult result : results) {
            bytes += Math.max(0, result.sizeBytes());
            if (result.damaged()) {
                damaged++;
                rows.add(new String[] {result.key(), "DAMAGED", "", "", Sizes.format(result.sizeBytes()), "",
                    result.problem().orElse("").lines().findFirst().orElse("")});
                continue;
            }
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
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(pad(row[i], widths[i], i == 4)).append("  ");
            }
            lines.add(line.append(row[HEADER.length - 1]).toString().stripTrailing());
        }
        lines.add(results.size() + " cached result" + (results.size() == 1 ? "" : "s") + ", " + Sizes.format(bytes)
                + ", " + CallReport.format(computing) + " of computing"
                + (damaged > 0 ? ", " + damaged + " damaged (recomputed when next used; labtech:clear removes them)" : ""));
        return lines;
    }

    /** The results as a JSON array, one object per result. */
    String json(List<CachedResult> results) {
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
