package dev.labtech.internal;

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
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The libraries a library jar depends on, transitively, as the class path holds them: a fixture
 * that calls {@code liba}, which calls {@code libb}, depends on the {@code libb} jar in use, though
 * no project class names it.
 *
 * <p>A jar built by Maven carries its POM ({@code META-INF/maven/<group>/<artifact>/pom.xml}); its
 * {@code <dependencies>} (test scope left out) name the artifacts it needs, and each one's jar on
 * the class path is found by its own {@code pom.properties}, whatever version was resolved. Reading
 * two small entries per jar costs a fraction of scanning its classes' references. Jars without
 * Maven metadata (built by other tools) contribute only their own identity.
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
        for (String[] artifact : declaredDependencies(jar)) {
            URL properties = loader.getResource("META-INF/maven/" + artifact[0] + "/" + artifact[1] + "/pom.properties");
            String dependencyJar = properties == null || !properties.getProtocol().equals("jar") ? null
                    : CodeFingerprints.jarOf(properties);
            if (dependencyJar != null && !dependencyJar.equals(jar)) {
                dependencies.add(new String[] {dependencyJar, CodeFingerprints.identity(dependencyJar)});
            }
        }
        return dependencies;
    }

    /** {group, artifact} of each dependency the jar's own POMs declare outside test scope. */
    private static List<String[]> declaredDependencies(String jar) {
        List<String[]> artifacts = new ArrayList<>();
        try (JarFile file = new JarFile(Path.of(new java.net.URI(jar)).toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith("META-INF/maven/") || !name.endsWith("/pom.xml")) {
                    continue;
                }
                String ownGroup = ownGroup(file, name);
                String pom;
                try (InputStream in = file.getInputStream(entry)) {
                    pom = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
                }
                artifacts.addAll(dependencies(pom, ownGroup));
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            // no readable metadata: the jar counts by its own identity only
        }
        return artifacts;
    }

    /** The groupId the POM's {@code pom.properties} beside it gives, for {@code ${project.groupId}}. */
    private static String ownGroup(JarFile file, String pomName) throws IOException {
        JarEntry properties = file.getJarEntry(pomName.substring(0, pomName.length() - "pom.xml".length())
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
