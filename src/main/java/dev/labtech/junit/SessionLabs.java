package dev.labtech.junit;

import dev.labtech.CallReport;
import dev.labtech.Lab;
import dev.labtech.internal.ByteCounts;
import dev.labtech.internal.Console;
import dev.labtech.internal.JsonText;
import dev.labtech.internal.config.RunConfiguration;
import dev.labtech.storage.LayeredStorage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The labs of a launcher session, one per storage directory: two labs over one directory would
 * hold the same results twice and could not see each other's fixture cycles. At the end of the
 * session it prints one summary and writes it as JSON; {@link LabtechSessionListener} ends it,
 * or, under a launcher that does not load the listener, closing the session's store does.
 */
@SuppressWarnings("deprecation") // CloseableResource keeps JUnit 5 closing it
final class SessionLabs implements AutoCloseable, org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource {

    /** How many fixtures the summary names. */
    static final int TOP = 3;

    private final Map<Path, Lab> labs = new ConcurrentHashMap<>();
    /** {@code labtech.maxSize} of each lab's directory, where set, and where its fixtures are found. */
    private final Map<Path, Bound> bounds = new ConcurrentHashMap<>();

    private record Bound(long maxBytes, ClassLoader classes) {
    }

    /** What the end of the run removed from a lab's storage to keep within its bound. */
    private record Trimmed(int entries, long bytes) {
    }

    /** The entries a lab's calls superseded that are still stored at the end of the run, and their bytes. */
    private record Stale(long entries, long bytes) {
    }

    private final Map<Path, Trimmed> trimmed = new ConcurrentHashMap<>();
    private final Map<Path, Stale> stale = new ConcurrentHashMap<>();
    private final AtomicBoolean summarized = new AtomicBoolean();
    private volatile Optional<String> summaryFile = Optional.empty();

    /** The lab for the directory {@code configuration} names, built from it if there is none yet. */
    Lab lab(RunConfiguration configuration) {
        return labs.computeIfAbsent(configuration.directory(), directory -> {
            Lab lab = LabtechConfiguration.createLab(configuration);
            configuration.maxSize().ifPresent(max -> bounds.put(directory, new Bound(max, configuration.classes())));
            return lab;
        });
    }

    /** The {@code labtech.summary.file} parameter, as the first test of the session saw it. */
    void summaryFile(Optional<String> value) {
        if (summaryFile.isEmpty() && value.isPresent()) {
            summaryFile = value;
        }
    }

    @Override
    public void close() {
        summarize();
    }

    /** Prints the run summary and writes it as JSON, once. */
    void summarize() {
        if (!summarized.compareAndSet(false, true)) {
            return;
        }
        List<Map.Entry<Path, Lab>> used = labs.entrySet().stream()
                .filter(entry -> calls(entry.getValue().statistics()) > 0).collect(Collectors.toList());
        for (Map.Entry<Path, Lab> entry : used) {
            Lab lab = entry.getValue();
            Lab.Statistics statistics = lab.statistics();
            Console.info(statistics.describe() + " (" + lab.storage().describe() + ")");
            Optional.ofNullable(bounds.get(entry.getKey())).filter(bound -> statistics.computed() > 0)
                    .ifPresent(bound -> trim(entry.getKey(), lab, bound));
            Stale held = stillStored(lab);
            stale.put(entry.getKey(), held);
            staleLine(lab, held).ifPresent(Console::info);
            transfers(lab).ifPresent(transfers -> Console.info("team cache: " + describe(transfers)));
            String top = statistics.fixtures().stream().limit(TOP).map(SessionLabs::describe)
                    .collect(Collectors.joining("; "));
            if (!top.isEmpty()) {
                Console.info("most time: " + top);
            }
        }
        if (!used.isEmpty()) {
            writeJson(used);
        }
    }

    /**
     * Keeps the lab's storage within {@code labtech.maxSize}, as {@code labtech:clear
     * -Dlabtech.maxSize} does ({@link Lab#toFit}), after a run that stored results; one line says
     * what it removed. Never fails the run: an entry that cannot be removed stays.
     */
    private void trim(Path directory, Lab lab, Bound bound) {
        if (!lab.mode().writes() || lab.storage().isReadOnly()) {
            return;
        }
        List<dev.labtech.CachedResult> all = lab.cachedResults();
        Map<String, Boolean> judged = new java.util.HashMap<>();
        List<dev.labtech.CachedResult> chosen = Lab.toFit(all, result -> true,
                result -> judged.computeIfAbsent(result.key(), key -> lab.whyStale(result, bound.classes()).isPresent()),
                bound.maxBytes());
        Lab.Deletion deletion = lab.delete(chosen);
        deletion.failed().forEach((result, e) -> Console.debug(
                () -> "could not remove " + result.key() + " to keep within labtech.maxSize: " + e));
        int removed = deletion.deleted().size();
        long bytes = deletion.bytes();
        long removedStale = deletion.deleted().stream()
                .filter(result -> result.damaged() || judged.getOrDefault(result.key(), false)).count();
        if (removed > 0) {
            trimmed.put(directory, new Trimmed(removed, bytes));
            long left = all.stream().mapToLong(result -> Math.max(0, result.sizeBytes())).sum() - bytes;
            Console.info("labtech.maxSize " + ByteCounts.format(bound.maxBytes()) + ": removed " + removed + " cached result"
                    + (removed == 1 ? "" : "s") + " (" + ByteCounts.format(bytes) + "; " + removedStale
                    + " stale, then those saving the least computing time per byte); " + ByteCounts.format(left) + " remain");
        }
    }

    /**
     * {@code 3 stale results (12.4 MB), superseded by this run's, stay in …: mvn labtech:clear
     * -Dlabtech.stale removes them}, if the run's calls superseded entries that are still there.
     */
    private static Optional<String> staleLine(Lab lab, Stale held) {
        if (held.entries() == 0) {
            return Optional.empty();
        }
        return Optional.of(held.entries() + " stale result" + (held.entries() == 1 ? "" : "s") + " ("
                + ByteCounts.format(held.bytes())
                + "), superseded by this run's, stay in " + lab.storage().describe()
                + ": mvn labtech:clear -Dlabtech.stale removes them");
    }

    /** How many of the entries the lab's calls superseded are still stored, and their bytes. */
    private static Stale stillStored(Lab lab) {
        long entries = 0;
        long bytes = 0;
        for (String key : lab.superseded()) {
            try {
                if (lab.storage().exists(key)) {
                    entries++;
                    bytes += Math.max(0, lab.storage().size(key));
                }
            } catch (IOException | RuntimeException e) {
                // gone or unreadable: not counted
            }
        }
        return new Stale(entries, bytes);
    }

    /** What moved between the lab's storage and its team cache, if it has one. */
    private static Optional<LayeredStorage.Transfers> transfers(Lab lab) {
        return lab.storage() instanceof LayeredStorage layered ? Optional.of(layered.transfers()) : Optional.empty();
    }

    /** {@code 2 downloaded (14.2 MB), 0 uploaded}. */
    private static String describe(LayeredStorage.Transfers transfers) {
        return transfers.downloads() + " downloaded" + bytes(transfers.downloadedBytes()) + ", "
                + transfers.uploads() + " uploaded" + bytes(transfers.uploadedBytes());
    }

    private static String bytes(long count) {
        return count == 0 ? "" : " (" + ByteCounts.format(count) + ")";
    }

    private static long calls(Lab.Statistics statistics) {
        return statistics.computed() + statistics.loaded() + statistics.reused();
    }

    /** {@code SpamFixtures#classifier: 3 loaded, saved 16.6 s}. */
    private static String describe(Lab.FixtureStatistics fixture) {
        List<String> parts = new ArrayList<>();
        if (fixture.computed() > 0) {
            parts.add(fixture.computed() + " computed in " + CallReport.format(fixture.computing()));
        }
        if (fixture.loaded() > 0) {
            parts.add(fixture.loaded() + " loaded, saving " + CallReport.format(fixture.saved()));
        }
        if (fixture.reused() > 0) {
            parts.add(fixture.reused() + " reused");
        }
        return fixture.fixture() + ": " + String.join(", ", parts);
    }

    private void writeJson(List<Map.Entry<Path, Lab>> used) {
        Optional<Path> file = summaryPath();
        if (file.isEmpty()) {
            return;
        }
        Path summary = file.get().toAbsolutePath();
        try {
            Files.createDirectories(summary.getParent());
            Map<String, Object> tree = tree(used);
            // Surefire's forks of one Maven run each end a session: the file holds their sum.
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                    summary.resolveSibling(summary.getFileName() + ".lock"), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                 java.nio.channels.FileLock ignored = channel.lock()) {
                Optional<Map<String, Object>> earlier = earlierForkOfThisRun(summary, (String) tree.get("run"));
                earlier.ifPresent(other -> add(tree, other));
                Path temporary = summary.resolveSibling(summary.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                Files.writeString(temporary, JsonText.write(tree), java.nio.charset.StandardCharsets.UTF_8);
                Files.move(temporary, summary, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            Console.warning("could not write the run summary to " + summary + ": " + e);
        }
    }

    /** The summary of this JVM's session, as the JSON tree {@code summary.json} holds. */
    private Map<String, Object> tree(List<Map.Entry<Path, Lab>> used) {
        Map<String, Object> tree = new java.util.LinkedHashMap<>();
        tree.put("run", RUN);
        tree.put("jvms", 1L);
        List<Object> labs = new ArrayList<>();
        for (Map.Entry<Path, Lab> entry : used) {
            Lab.Statistics statistics = entry.getValue().statistics();
            Map<String, Object> lab = new java.util.LinkedHashMap<>();
            lab.put("storage", entry.getValue().storage().describe());
            counts(lab, statistics.computed(), statistics.loaded(), statistics.reused(), statistics.computing(),
                    statistics.saved());
            Stale held = stale.getOrDefault(entry.getKey(), new Stale(0, 0));
            lab.put("stale_superseded", held.entries());
            lab.put("stale_superseded_bytes", held.bytes());
            Trimmed removed = trimmed.getOrDefault(entry.getKey(), new Trimmed(0, 0));
            lab.put("evicted", (long) removed.entries());
            lab.put("evicted_bytes", removed.bytes());
            transfers(entry.getValue()).ifPresent(transfers -> {
                Map<String, Object> team = new java.util.LinkedHashMap<>();
                team.put("downloads", transfers.downloads());
                team.put("downloaded_bytes", transfers.downloadedBytes());
                team.put("uploads", transfers.uploads());
                team.put("uploaded_bytes", transfers.uploadedBytes());
                lab.put("team_cache", team);
            });
            List<Object> fixtures = new ArrayList<>();
            for (Lab.FixtureStatistics fixture : statistics.fixtures()) {
                Map<String, Object> one = new java.util.LinkedHashMap<>();
                one.put("fixture", fixture.fixture());
                counts(one, fixture.computed(), fixture.loaded(), fixture.reused(), fixture.computing(), fixture.saved());
                fixtures.add(one);
            }
            lab.put("fixtures", fixtures);
            labs.add(lab);
        }
        tree.put("labs", labs);
        return tree;
    }

    private static void counts(Map<String, Object> into, long computed, long loaded, long reused, Duration computing,
                               Duration saved) {
        into.put("computed", computed);
        into.put("loaded", loaded);
        into.put("reused", reused);
        into.put("computing_seconds", BigDecimal.valueOf(computing.toNanos(), 9).stripTrailingZeros());
        into.put("saved_seconds", BigDecimal.valueOf(saved.toNanos(), 9).stripTrailingZeros());
    }

    /**
     * What makes the forks of one Maven run one run: the Maven JVM they were started from (its
     * process id and start time), or this JVM when it was not started by Maven.
     */
    static final String RUN = run();

    private static String run() {
        ProcessHandle self = ProcessHandle.current();
        for (Optional<ProcessHandle> ancestor = self.parent(); ancestor.isPresent(); ancestor = ancestor.get().parent()) {
            ProcessHandle.Info info = ancestor.get().info();
            boolean maven = info.arguments().map(arguments -> java.util.Arrays.stream(arguments)
                    .anyMatch(argument -> argument.contains("plexus.classworlds"))).orElse(false);
            if (maven) {
                return "maven " + ancestor.get().pid() + " " + info.startInstant().map(Object::toString).orElse("");
            }
        }
        return "jvm " + self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("");
    }

    /** The summary another fork of this Maven run wrote, if the file holds one. */
    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> earlierForkOfThisRun(Path summary, String run) {
        if (run.startsWith("jvm ") || !Files.isRegularFile(summary, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (java.io.InputStream in = Files.newInputStream(summary)) {
            return JsonText.parse(in) instanceof Map<?, ?> tree && run.equals(tree.get("run"))
                    ? Optional.of((Map<String, Object>) tree) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable summary is replaced
        }
    }

    /** Adds {@code other}'s figures into {@code tree}: numbers summed, labs by storage, fixtures by name. */
    @SuppressWarnings("unchecked")
    static void add(Map<String, Object> tree, Map<String, Object> other) {
        for (Map.Entry<String, Object> field : other.entrySet()) {
            Object mine = tree.get(field.getKey());
            Object theirs = field.getValue();
            if (theirs instanceof Number number && (mine == null || mine instanceof Number)) {
                tree.put(field.getKey(), sum(mine instanceof Number own ? own : 0L, number));
            } else if (theirs instanceof Map<?, ?> map) {
                Map<String, Object> into = mine instanceof Map<?, ?> own ? (Map<String, Object>) own
                        : new java.util.LinkedHashMap<>();
                add(into, (Map<String, Object>) map);
                tree.put(field.getKey(), into);
            } else if (theirs instanceof List<?> list && (field.getKey().equals("labs") || field.getKey().equals("fixtures"))) {
                String id = field.getKey().equals("labs") ? "storage" : "fixture";
                List<Object> into = mine instanceof List<?> own ? (List<Object>) own : new ArrayList<>();
                for (Object element : list) {
                    if (!(element instanceof Map<?, ?> item)) {
                        continue;
                    }
                    Optional<Map<String, Object>> same = into.stream().filter(Map.class::isInstance)
                            .map(existing -> (Map<String, Object>) existing)
                            .filter(existing -> java.util.Objects.equals(existing.get(id), item.get(id))).findFirst();
                    if (same.isPresent()) {
                        add(same.get(), (Map<String, Object>) item);
                    } else {
                        into.add(item);
                    }
                }
                tree.put(field.getKey(), into);
            }
        }
    }

    private static Number sum(Number a, Number b) {
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return new BigDecimal(a.toString()).add(new BigDecimal(b.toString())).stripTrailingZeros();
        }
        return a.longValue() + b.longValue();
    }

    private Optional<Path> summaryPath() {
        return dev.labtech.internal.config.Settings.summaryPath(summaryFile);
    }
}
