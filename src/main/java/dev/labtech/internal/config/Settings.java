package dev.labtech.internal.config;

import static dev.labtech.junit.LabtechCached.DEFAULT_CACHE_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.INVALIDATION_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.MODE_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.OUTPUT_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.REMOTE_ENDPOINT_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.REMOTE_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.REMOTE_PUSH_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.REMOTE_REGION_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.REMOTE_TIMEOUT_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.STORAGE_DIR_PROPERTY_NAME;
import static dev.labtech.junit.LabtechCached.STORAGE_PROPERTY_NAME;

import dev.labtech.Invalidation;
import dev.labtech.LabtechException;
import dev.labtech.Mode;
import dev.labtech.Output;
import dev.labtech.cache.BinaryCache;
import dev.labtech.cache.Cache;
import dev.labtech.cache.JavaSerializationCache;
import dev.labtech.cache.JsonCache;
import dev.labtech.internal.ByteCounts;
import dev.labtech.internal.Console;
import dev.labtech.internal.Plugins;
import dev.labtech.storage.LocalStorage;
import dev.labtech.storage.NullStorage;
import dev.labtech.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads the {@code labtech.*} configuration parameters, the same way for the JUnit extension and
 * the Maven goals, so the goals always act on the directory the tests used.
 *
 * <p>Every value is checked before anything is created; a bad one is an {@link Invalid} naming
 * the parameter and the value. Relative directories are resolved against a base directory (the
 * working directory of the tests, the module's directory for the goals).
 */
public final class Settings {


    /** The file JUnit reads configuration parameters from, at the root of the test class path. */
    public static final String JUNIT_PROPERTIES = "junit-platform.properties";

    /** A configuration value that is not allowed, with a message naming the parameter and the value. */
    public static final class Invalid extends LabtechException {

        private static final long serialVersionUID = 1L;

        Invalid(String parameter, String value, String rule) {
            super("Invalid value '" + value + "' for configuration parameter '" + parameter + "': " + rule);
        }
    }

    /** How storage is chosen; creating it is separate so a bad directory never hides a bad value. */
    @FunctionalInterface
    public interface StorageChoice {
        Storage create(Path directory);
    }

    private final Function<String, Optional<String>> parameters;
    private final Path base;
    private final ClassLoader plugins;

    /**
     * @param parameters the configuration parameters by name
     * @param base       what a relative {@code labtech.storage.dir} is relative to
     * @param plugins    where custom storage and cache classes are found
     */
    public Settings(Function<String, Optional<String>> parameters, Path base, ClassLoader plugins) {
        this.parameters = parameters;
        this.base = base;
        this.plugins = plugins;
    }

    /**
     * {@code parameters} first, then the {@value #JUNIT_PROPERTIES} files in {@code directories}, in
     * order: what JUnit itself reads when no launcher parameter is set.
     */
    public static Function<String, Optional<String>> withPropertiesFiles(Function<String, Optional<String>> parameters,
                                                                      Iterable<Path> directories) {
        Properties merged = new Properties();
        for (Path directory : directories) {
            Path file = directory.resolve(JUNIT_PROPERTIES);
            if (Files.isRegularFile(file)) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                } catch (IOException e) {
                    throw new LabtechException("Cannot read " + file + ": " + e, e);
                }
                properties.forEach(merged::putIfAbsent);
            }
        }
        return name -> parameters.apply(name).or(() -> Optional.ofNullable(merged.getProperty(name)));
    }

    /**
     * Every parameter a test run uses, each checked — the storage directory first, then the others
     * in the order they are documented.
     *
     * @param environment the environment variables, which say whether this is a CI run
     * @throws Invalid naming the first parameter whose value is not allowed
     */
    public RunConfiguration testRun(Function<String, String> environment) {
        Path directory = directory();
        Mode mode = mode();
        Output output = output();
        Invalidation invalidation = invalidation();
        Cache defaultCache = defaultCache();
        StorageChoice storage = testStorage(environment);
        return new RunConfiguration(directory, mode, output, invalidation, defaultCache, storage, maxSize(),
                summaryFile(), plugins);
    }

    public Invalidation invalidation() {
        return parameter(INVALIDATION_PROPERTY_NAME)
                .map(value -> Invalidation.parse(value).orElseThrow(() -> new Invalid(INVALIDATION_PROPERTY_NAME, value,
                        "expected one of " + Invalidation.names())))
                .orElse(Invalidation.DEFAULT);
    }

    /** {@code labtech.summary.file} as set, if it is. */
    public Optional<String> summaryFile() {
        return parameter(dev.labtech.junit.LabtechCached.SUMMARY_FILE_PROPERTY_NAME);
    }

    /**
     * Where the run summary is written as JSON, given {@code labtech.summary.file} as set: that
     * path, nowhere for {@code none} or an empty value, and when not set
     * {@code target/labtech/summary.json} if the working directory has a {@code target} (a Maven
     * module), else nowhere.
     */
    public static Optional<Path> summaryPath(Optional<String> summaryFile) {
        Optional<String> configured = summaryFile.map(String::trim);
        if (configured.isPresent()) {
            return configured.get().equalsIgnoreCase("none") || configured.get().isEmpty() ? Optional.empty()
                    : Optional.of(Path.of(configured.get()));
        }
        return Files.isDirectory(Path.of("target")) ? Optional.of(Path.of("target", "labtech", "summary.json"))
                : Optional.empty();
    }

    /** {@code labtech.maxSize}: the bound on the storage directory's size, if one is set. */
    public java.util.OptionalLong maxSize() {
        Optional<String> value = parameter(dev.labtech.junit.LabtechCached.MAX_SIZE_PROPERTY_NAME);
        if (value.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        java.util.OptionalLong bytes = ByteCounts.parse(value.get());
        if (bytes.isEmpty()) {
            throw new Invalid(dev.labtech.junit.LabtechCached.MAX_SIZE_PROPERTY_NAME, value.get(), ByteCounts.EXPECTED);
        }
        return bytes;
    }

    public Output output() {
        return parameter(OUTPUT_PROPERTY_NAME)
                .map(value -> Output.parse(value).orElseThrow(() -> new Invalid(OUTPUT_PROPERTY_NAME, value,
                        "expected one of " + Output.names())))
                .orElse(Output.DEFAULT);
    }

    public Mode mode() {
        return parameter(MODE_PROPERTY_NAME)
                .map(value -> Mode.parse(value).orElseThrow(() -> new Invalid(MODE_PROPERTY_NAME, value,
                        "expected one of " + Mode.names())))
                .orElse(Mode.DEFAULT);
    }

    public Cache defaultCache() {
        Optional<String> value = parameter(DEFAULT_CACHE_PROPERTY_NAME);
        if (value.isEmpty()) {
            return Cache.defaultCache();
        }
        return switch (normalize(value.get())) {
            case "binary" -> new BinaryCache();
            case "json" -> new JsonCache();
            case "java" -> new JavaSerializationCache();
            default -> customCache(value.get());
        };
    }

    /** The storage directory, absolute; an empty value is refused, since it would mean the module itself. */
    public Path directory() {
        String value = parameter(STORAGE_DIR_PROPERTY_NAME).orElse(LocalStorage.DEFAULT_DIRECTORY);
        if (value.isEmpty()) {
            throw new Invalid(STORAGE_DIR_PROPERTY_NAME, value, "expected a directory for cached results, such as "
                    + ".labtech; an empty path would be the module's own directory, whose files labtech:clear "
                    + "and the .gitignore it writes would then affect");
        }
        Path directory;
        try {
            directory = base.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new Invalid(STORAGE_DIR_PROPERTY_NAME, value, "not a valid path: " + e.getReason());
        }
        Path module = base.toAbsolutePath().normalize();
        if (module.startsWith(directory)) {
            throw new Invalid(STORAGE_DIR_PROPERTY_NAME, value, "it is " + (module.equals(directory) ? "the module's own "
                    + "directory" : "a directory the module is in") + " (" + directory + "), whose files labtech:clear "
                    + "and the .gitignore labtech writes would affect; use a directory of its own, such as .labtech");
        }
        if (directory.startsWith(module.resolve("src"))) {
            throw new Invalid(STORAGE_DIR_PROPERTY_NAME, value, "it is inside the module's sources (" + directory
                    + "); use a directory of its own outside src, such as .labtech");
        }
        Optional<String> foreign = dev.labtech.storage.LocalStorage.foreignContent(directory);
        if (foreign.isPresent()) {
            throw new Invalid(STORAGE_DIR_PROPERTY_NAME, value, directory + " holds " + foreign.get()
                    + ", which is not a labtech cache's own; use a new or empty directory, such as .labtech");
        }
        return directory;
    }

    /** The {@code labtech.storage} value, normalized; empty when not set. */
    public Optional<String> storageName() {
        return parameter(STORAGE_PROPERTY_NAME);
    }

    /**
     * How to create the storage. With {@code ciStorage} set and {@code labtech.storage} not set, that
     * storage is used (the tests' null storage on CI).
     */
    public StorageChoice storageChoice(Optional<StorageChoice> ciStorage) {
        Optional<String> value = storageName();
        if (value.isEmpty()) {
            return ciStorage.orElse(Settings::localOrMemory);
        }
        String name = value.get();
        switch (normalize(name)) {
            case "local":
                return Settings::localOrMemory;
            case "null":
                return directory -> new NullStorage();
            default:
                Class<? extends Storage> type = loadClass(STORAGE_PROPERTY_NAME, name, Storage.class, "local, null");
                return directory -> customOrMemory(type, name, directory);
        }
    }

    /**
     * The tests' storage: {@link #storageChoice} on CI as off it, with the team cache
     * ({@code labtech.remote}) behind it when one is set. On CI with a team cache and no
     * {@code labtech.storage}, the local layer is a throw-away directory: CI computes from scratch
     * what the team cache does not hold.
     */
    private StorageChoice testStorage(Function<String, String> environment) {
        boolean ci = isCi(environment);
        Optional<TeamCache.Remote> remote = remote(ci);
        if (remote.isEmpty()) {
            return storageChoice(ciStorage(environment));
        }
        if (storageName().isEmpty() && ci) {
            return directory -> {
                Console.info("CI environment detected (CI=" + environment.apply("CI") + "): results go to a throw-away "
                        + "directory and the team cache " + remote.get().uri()
                        + (remote.get().push() ? ", which they are uploaded to" : ""));
                return remote.get().behind(TeamCache.throwAwayDirectory());
            };
        }
        StorageChoice local = storageChoice(Optional.empty());
        return directory -> {
            Storage storage = local.create(directory);
            return storage instanceof NullStorage ? storage : remote.get().behind(storage);
        };
    }

    /**
     * The team cache {@code labtech.remote} names, its values checked; empty when it is not set.
     *
     * @param ci whether a CI environment was detected: the default of {@code labtech.remote.push}
     */
    public Optional<TeamCache.Remote> remote(boolean ci) {
        Optional<String> uri = parameter(REMOTE_PROPERTY_NAME).filter(value -> !value.isEmpty());
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        try {
            dev.labtech.storage.S3Location.parse(uri.get());
        } catch (LabtechException e) {
            throw new Invalid(REMOTE_PROPERTY_NAME, uri.get(), e.getMessage());
        }
        if (!TeamCache.sdkPresent()) {
            throw new Invalid(REMOTE_PROPERTY_NAME, uri.get(), TeamCache.MISSING_SDK);
        }
        Optional<java.net.URI> endpoint = parameter(REMOTE_ENDPOINT_PROPERTY_NAME).filter(value -> !value.isEmpty())
                .map(value -> {
                    try {
                        java.net.URI url = new java.net.URI(value);
                        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                            throw new Invalid(REMOTE_ENDPOINT_PROPERTY_NAME, value, "expected an http or https URL such as http://localhost:9000");
                        }
                        return url;
                    } catch (java.net.URISyntaxException e) {
                        throw new Invalid(REMOTE_ENDPOINT_PROPERTY_NAME, value, "not a URL: " + e.getReason());
                    }
                });
        Optional<String> region = parameter(REMOTE_REGION_PROPERTY_NAME).filter(value -> !value.isEmpty());
        boolean push = parameter(REMOTE_PUSH_PROPERTY_NAME).map(value -> switch (normalize(value)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new Invalid(REMOTE_PUSH_PROPERTY_NAME, value, "expected true or false");
        }).orElse(ci);
        Duration timeout = parameter(REMOTE_TIMEOUT_PROPERTY_NAME).map(Settings::timeout).orElse(TeamCache.DEFAULT_TIMEOUT);
        return Optional.of(new TeamCache.Remote(uri.get(), endpoint, region, push, timeout));
    }

    private static Duration timeout(String value) {
        Duration timeout;
        try {
            timeout = value.matches("[0-9]+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new Invalid(REMOTE_TIMEOUT_PROPERTY_NAME, value, "expected seconds (5) or an ISO-8601 duration (PT5S)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new Invalid(REMOTE_TIMEOUT_PROPERTY_NAME, value, "expected a duration above zero");
        }
        return timeout;
    }

    /** Whether the {@code CI} environment variable says the tests run on CI: set, and not {@code false}. */
    private static boolean isCi(Function<String, String> environment) {
        String ci = environment.apply("CI");
        return ci != null && !ci.isBlank() && !ci.trim().equalsIgnoreCase("false");
    }

    /** The tests' storage on CI: nothing is stored unless {@code labtech.storage} says otherwise. */
    private static Optional<StorageChoice> ciStorage(Function<String, String> environment) {
        String ci = environment.apply("CI");
        if (!isCi(environment)) {
            return Optional.empty();
        }
        return Optional.of(directory -> {
            Console.info("CI environment detected (CI=" + ci + "), so nothing is cached; set "
                    + STORAGE_PROPERTY_NAME + "=local to cache anyway");
            return new NullStorage();
        });
    }

    /** A local directory, or, if it cannot be used, no storage for this run: the cache never fails a test. */
    private static Storage localOrMemory(Path directory) {
        try {
            return new LocalStorage(directory);
        } catch (LabtechException e) {
            Console.warning(e.getMessage() + "; results are kept in memory only for this run");
            return new NullStorage();
        }
    }

    /**
     * A custom storage, or, if its constructor fails (a bucket out of reach, say), no storage for
     * this run: a missing or unsuitable class is a configuration error, a failing storage is not.
     */
    private static Storage customOrMemory(Class<? extends Storage> type, String name, Path directory) {
        try {
            return Plugins.create(type, directory);
        } catch (Plugins.Unusable e) {
            if (e.kind() != Plugins.Unusable.Kind.CONSTRUCTOR_FAILED) {
                throw new Invalid(STORAGE_PROPERTY_NAME, name, e.getMessage());
            }
            Console.warning(e.getMessage() + "; results are kept in memory only for this run");
            return new NullStorage();
        }
    }

    /** A custom cache; any failure to create it is a configuration error. */
    private Cache customCache(String name) {
        try {
            return Plugins.create(loadClass(DEFAULT_CACHE_PROPERTY_NAME, name, Cache.class, "binary, json, java"), null);
        } catch (Plugins.Unusable e) {
            throw new Invalid(DEFAULT_CACHE_PROPERTY_NAME, name, e.getMessage());
        }
    }

    private <T> Class<? extends T> loadClass(String parameter, String value, Class<T> role, String keywords) {
        try {
            return Plugins.load(value, role, plugins);
        } catch (Plugins.Unusable e) {
            throw new Invalid(parameter, value, e.kind() == Plugins.Unusable.Kind.NOT_FOUND
                    ? "expected " + keywords + " or the name of a class implementing " + role.getName()
                            + ", but no such class was found"
                    : e.getMessage());
        }
    }

    private Optional<String> parameter(String name) {
        return parameters.apply(name).map(String::trim);
    }

    // The goals' own parameters, which a test run may see set beside the tests' ones.

    /** The goals' own parameters: which fixtures ({@code ModelFixtures#model}, comma-separated). */
    public static final String FIXTURE_PARAMETER = "labtech.fixture";
    /** The goals' own parameters: results computed longer ago than an ISO-8601 duration. */
    public static final String OLDER_THAN_PARAMETER = "labtech.olderThan";
    /** The goals' own parameters: only results the current code would not load. */
    public static final String STALE_PARAMETER = "labtech.stale";
    /** The goals' own parameters: skip the goal. */
    public static final String SKIP_PARAMETER = "labtech.skip";
    /** {@code labtech:list}'s own parameters: {@code table} or {@code json}. */
    public static final String FORMAT_PARAMETER = "labtech.format";
    /** {@code labtech:list}'s own parameters: the file the listing is written to. */
    public static final String OUTPUT_FILE_PARAMETER = "labtech.outputFile";

    private static final java.util.Set<String> GOAL_PARAMETERS = java.util.Set.of(FIXTURE_PARAMETER, FORMAT_PARAMETER,
            OLDER_THAN_PARAMETER, OUTPUT_FILE_PARAMETER, SKIP_PARAMETER, STALE_PARAMETER);

    /** Every {@code labtech.*} key labtech reads: the tests' configuration parameters and the goals' parameters. */
    public static java.util.SortedSet<String> knownKeys() {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(GOAL_PARAMETERS);
        for (java.lang.reflect.Field field : dev.labtech.junit.LabtechCached.class.getFields()) {
            if (field.getName().endsWith("_PROPERTY_NAME") && field.getType() == String.class) {
                try {
                    keys.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("A public constant is readable", e);
                }
            }
        }
        return keys;
    }

    /** Keys already warned about in this JVM: one warning per key, however many labs read them. */
    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Warns once about each {@code labtech.*} key among {@code present} that labtech does not read
     * ({@code labtech.mdoe}), naming where it was set and the nearest known key: a typo would
     * otherwise be silently ignored.
     */
    public static void warnAboutUnknownKeys(java.util.Map<String, String> present) {
        java.util.SortedSet<String> known = knownKeys();
        new java.util.TreeMap<>(present).forEach((key, where) -> {
            if (key.startsWith("labtech.") && !known.contains(key) && WARNED.add(key)) {
                String nearest = nearest(key, known);
                Console.warning("unknown configuration key " + key + " (" + where + ") is ignored"
                        + (nearest != null ? "; did you mean " + nearest + "?" : "; labtech reads " + String.join(", ", known)));
            }
        });
    }

    /** The known key closest to {@code key} in edits, if it is close enough to be a typo of it. */
    static String nearest(String key, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    /** Levenshtein distance, with a swap of two neighbouring letters as one edit. */
    public static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String normalize(String value) {
        return value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
