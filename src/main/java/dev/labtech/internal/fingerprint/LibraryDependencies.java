package dev.labtech.internal.fingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The libraries a library jar depends on, transitively, as the class path holds them: a fixture
 * that calls {@code liba}, which calls {@code libb}, depends on the {@code libb} jar in use, though
 * no project class names it.
 *
 * <p>A jar built by Maven carries its POM ({@code META-INF/maven/<group>/<artifact>/pom.xml}); its
 * {@code <dependencies>} (test scope left out) name the artifacts it needs, and each one's jar is
 * looked up among the class path's jars, whatever version was resolved: by its place in a Maven
 * repository ({@code …/repository/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar}), else by the
 * {@code pom.properties} it holds. Asking the class loader for each dependency's
 * {@code pom.properties} instead would open every jar of the class path in turn (about 150 ms for
 * 200 jars); reading one small entry per library reached costs a fraction of scanning its classes'
 * references. Jars without Maven metadata (built by other tools) contribute only their own identity.
 */
final class LibraryDependencies {

    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern SKIPPED = Pattern.compile(
            "(?s)<(dependencyManagement|build|profiles|reporting|exclusions)>.*?</\\1>");
    private static final Pattern DEPENDENCY = Pattern.compile("(?s)<dependency>(.*?)</dependency>");
    private static final Pattern GROUP = Pattern.compile("<groupId>\\s*([^<\\s]+)\\s*</groupId>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>\\s*([^<\\s]+)\\s*</artifactId>");
    private static final Pattern SCOPE = Pattern.compile("<scope>\\s*([^<\\s]+)\\s*</scope>");
    private static final Pattern PARENT = Pattern.compile("(?s)<parent>.*?</parent>");

    /** Per class loader: a jar's URL to the {jar URL, identity} pairs of its direct dependencies. */
    private static final Map<ClassLoader, Map<String, List<String[]>>> DIRECT =
            Collections.synchronizedMap(new WeakHashMap<>());

    private LibraryDependencies() {
    }

    /**
     * The {jar URL, identity} pairs of every library {@code jar} depends on through its Maven
     * metadata, transitively, as {@code loader} resolves them; {@code jar} itself not included.
     */
    static List<String[]> of(ClassLoader loader, String jar) {
        ClassLoader search = loader != null ? loader : ClassLoader.getSystemClassLoader();
        Map<String, List<String[]>> direct = DIRECT.computeIfAbsent(search, key -> new ConcurrentHashMap<>());
        List<String[]> all = new ArrayList<>();
        Set<String> seen = new HashSet<>(List.of(jar));
        Deque<String> pending = new ArrayDeque<>(List.of(jar));
        while (!pending.isEmpty()) {
            for (String[] dependency : direct.computeIfAbsent(pending.poll(), next -> direct(search, next))) {
                if (seen.add(dependency[0])) {
                    all.add(dependency);
                    pending.add(dependency[0]);
                }
            }
        }
        return all;
    }

    private static List<String[]> direct(ClassLoader loader, String jar) {
        List<String[]> dependencies = new ArrayList<>();
        ClassPath classPath = CLASS_PATHS.computeIfAbsent(loader, ClassPath::new);
        for (String[] artifact : declaredDependencies(jar)) {
            String dependencyJar = classPath.jarOf(artifact[0], artifact[1]);
            if (dependencyJar != null && !dependencyJar.equals(jar)) {
                dependencies.add(new String[] {dependencyJar, CodeFingerprints.identity(dependencyJar)});
            }
        }
        return dependencies;
    }

    private static final Map<ClassLoader, ClassPath> CLASS_PATHS = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The jars a class loader and its parents read, in order, searched by {@code group:artifact}:
     * a jar in a Maven repository by its path (a string search, nothing opened), another by the
     * {@code pom.properties} it holds (each such jar opened once, when first needed).
     */
    private static final class ClassPath {
        private final List<String> jars = new ArrayList<>();
        private Map<String, String> elsewhere;

        ClassPath(ClassLoader loader) {
            List<ClassLoader> chain = new ArrayList<>();
            for (ClassLoader current = loader; current != null; current = current.getParent()) {
                chain.add(0, current);
            }
            for (ClassLoader current : chain) {
                if (current == ClassLoader.getSystemClassLoader()) {
                    for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                        if (entry.endsWith(".jar")) {
                            jars.add(entry.replace(java.io.File.separatorChar, '/'));
                        }
                    }
                } else if (current instanceof java.net.URLClassLoader urls) {
                    for (URL url : urls.getURLs()) {
                        if (url.getProtocol().equals("file") && url.getPath().endsWith(".jar")) {
                            try {
                                jars.add(Path.of(url.toURI()).toString().replace(java.io.File.separatorChar, '/'));
                            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                                // not a file we can name: its classes still count, its POM is not searched
                            }
                        }
                    }
                }
            }
        }

        /** The URL of the first jar of {@code group:artifact}, or {@code null} if the class path has none. */
        synchronized String jarOf(String group, String artifact) {
            String place = "/" + group.replace('.', '/') + "/" + artifact + "/";
            for (String jar : jars) {
                int at = jar.lastIndexOf(place);
                if (at >= 0 && jar.indexOf('/', at + place.length()) == jar.lastIndexOf('/')
                        && jar.substring(jar.lastIndexOf('/') + 1).startsWith(artifact + "-")) {
                    return url(jar);
                }
            }
            if (elsewhere == null) {
                elsewhere = new java.util.HashMap<>();
                for (String jar : jars) {
                    if (!jar.contains("/repository/")) {
                        String url = url(jar);
                        for (String coordinates : CodeFingerprints.identity(url).split("\\+")) {
                            int version = coordinates.lastIndexOf(':');
                            if (version > 0) {
                                elsewhere.putIfAbsent(coordinates.substring(0, version), url);
                            }
                        }
                    }
                }
            }
            return elsewhere.get(group + ":" + artifact);
        }

        private static String url(String jar) {
            return Path.of(jar).toAbsolutePath().toUri().toString();
        }
    }

    /**
     * {group, artifact} of each dependency the jar's own POMs declare outside test scope. A jar at
     * its place in a repository names its POM's entry; another is searched for POMs (a shaded
     * jar may hold several).
     */
    private static List<String[]> declaredDependencies(String jar) {
        List<String[]> artifacts = new ArrayList<>();
        String coordinates = CodeFingerprints.repositoryCoordinates(jar);
        try (ZipFile file = new ZipFile(Path.of(new java.net.URI(jar)).toFile())) {
            if (coordinates != null) {
                String[] parts = coordinates.split(":");
                ZipEntry pom = file.getEntry("META-INF/maven/" + parts[0] + "/" + parts[1] + "/pom.xml");
                if (pom != null) {
                    artifacts.addAll(dependencies(read(file, pom), parts[0]));
                    return artifacts;
                }
            }
            for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.xml")) {
                    artifacts.addAll(dependencies(read(file, entry), ownGroup(file, name)));
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            // no readable metadata: the jar counts by its own identity only
        }
        return artifacts;
    }

    private static String read(ZipFile file, ZipEntry entry) throws IOException {
        try (InputStream in = file.getInputStream(entry)) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
    }

    /** The groupId the POM's {@code pom.properties} beside it gives, for {@code ${project.groupId}}. */
    private static String ownGroup(ZipFile file, String pomName) throws IOException {
        ZipEntry properties = file.getEntry(pomName.substring(0, pomName.length() - "pom.xml".length())
                + "pom.properties");
        if (properties == null) {
            return null;
        }
        Properties values = new Properties();
        try (InputStream in = file.getInputStream(properties)) {
            values.load(in);
        }
        return values.getProperty("groupId");
    }

    /** {group, artifact} of each {@code <dependency>} of a POM's own {@code <dependencies>}, test scope left out. */
    static List<String[]> dependencies(String pom, String ownGroup) {
        String text = PARENT.matcher(SKIPPED.matcher(COMMENT.matcher(pom).replaceAll("")).replaceAll("")).replaceAll("");
        List<String[]> artifacts = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(text);
        while (dependency.find()) {
            String block = dependency.group(1);
            String group = first(GROUP, block);
            String artifact = first(ARTIFACT, block);
            String scope = first(SCOPE, block);
            if (group != null && group.matches("\\$\\{(project\\.)?(parent\\.)?groupId}")) {
                group = ownGroup;
            }
            if (group == null || artifact == null || group.contains("${") || artifact.contains("${")
                    || "test".equals(scope)) {
                continue;
            }
            artifacts.add(new String[] {group, artifact});
        }
        return artifacts;
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
