package dev.labtech.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The fingerprint of a fixture's code: the bytecode of the fixture method, of the methods it calls
 * on its own fixture interfaces (resolved as the proxied interface sees them) and of its lambdas,
 * of every project class they reach, followed transitively, and the identity of every library jar
 * reached. Debug information (line numbers, variable names) is left out, so reformatting changes
 * nothing; a changed instruction, constant, field or signature anywhere reachable changes it.
 *
 * <p>Project classes are those loaded from a class directory ({@code target/classes},
 * {@code target/test-classes}) or from a snapshot's jar (a sibling module's {@code 1.0-SNAPSHOT});
 * library classes come from other jars, identified by their Maven coordinates
 * ({@code META-INF/maven/.../pom.properties}), else their manifest's version, else the SHA-1 of the
 * jar; JDK classes are left out. Each class is read once per JVM, when first reached.
 */
public final class CodeFingerprints {

    /** What a fixture method's code reaches, and the hash of it all. */
    public record Fingerprint(String hash, SortedMap<String, String> classes, SortedSet<String> libraries) {
    }

    private static final Map<ClassLoader, Map<String, ClassData>> CLASSES =
            Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static final Map<String, String> LIBRARIES = new ConcurrentHashMap<>();

    private CodeFingerprints() {
    }

    /** The fingerprint of {@code method} as called through a proxy of {@code fixtureType}. */
    public static Fingerprint of(Class<?> fixtureType, Method method) {
        ClassLoader loader = fixtureType.getClassLoader();
        SortedMap<String, String> parts = new TreeMap<>();
        SortedMap<String, String> classes = new TreeMap<>();
        SortedSet<String> libraries = new TreeSet<>();
        Set<String> seenMethods = new HashSet<>();
        Set<String> reachedClasses = new LinkedHashSet<>();
        Set<String> fixtureNames = new HashSet<>();
        for (Class<?> type : fixtureInterfaces(fixtureType)) {
            fixtureNames.add(Type.getInternalName(type));
        }
        Map<String, String> defaults = new HashMap<>();
        for (Method candidate : fixtureType.getMethods()) {
            if (!Modifier.isAbstract(candidate.getModifiers()) && !Modifier.isStatic(candidate.getModifiers())) {
                defaults.put(candidate.getName() + Type.getMethodDescriptor(candidate),
                        Type.getInternalName(candidate.getDeclaringClass()));
            }
        }
        Deque<String[]> methods = new ArrayDeque<>();
        methods.add(new String[] {Type.getInternalName(method.getDeclaringClass()), method.getName(),
            Type.getMethodDescriptor(method)});
        while (!methods.isEmpty()) {
            String[] next = methods.poll();
            if (!seenMethods.add(next[0] + "." + next[1] + next[2])) {
                continue;
            }
            ClassData owner = data(loader, next[0]);
            MethodData code = owner == null ? null : owner.methods.get(next[1] + next[2]);
            if (code == null) {
                reachedClasses.add(next[0]);
                continue;
            }
            parts.put(next[0] + "." + next[1] + next[2], code.hash);
            for (String[] call : code.calls) {
                if (fixtureNames.contains(call[0])) {
                    // A call on a fixture interface runs the default method the proxy sees (perhaps an
                    // override in a sub-interface); a private or static one (a lambda body) is its own.
                    String implementation = defaults.get(call[1] + call[2]);
                    methods.add(new String[] {implementation != null ? implementation : call[0], call[1], call[2]});
                } else {
                    reachedClasses.add(call[0]);
                }
            }
            reachedClasses.addAll(code.classes);
        }
        Deque<String> pending = new ArrayDeque<>(reachedClasses);
        // The fixture interfaces are followed method by method above, never as whole classes: a
        // change to another fixture of the same interface changes nothing here.
        Set<String> seenClasses = new HashSet<>(fixtureNames);
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (!seenClasses.add(name)) {
                continue;
            }
            ClassData data = data(loader, name);
            if (data == null) {
                continue;
            }
            if (data.library != null) {
                libraries.add(data.library);
            } else if (data.project) {
                classes.put(name.replace('/', '.'), data.hash);
                pending.addAll(data.references);
            }
        }
        MessageDigest digest = Sha1.digest();
        parts.forEach((name, hash) -> digest.update((name + "=" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        classes.forEach((name, hash) -> digest.update((name + "=" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        libraries.forEach(library -> digest.update((library + "\n").getBytes(StandardCharsets.UTF_8)));
        return new Fingerprint(HexFormat.of().formatHex(digest.digest()), Collections.unmodifiableSortedMap(classes),
                Collections.unmodifiableSortedSet(libraries));
    }

    private static Set<Class<?>> fixtureInterfaces(Class<?> fixtureType) {
        Set<Class<?>> interfaces = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(fixtureType));
        while (!pending.isEmpty()) {
            Class<?> next = pending.poll();
            if (interfaces.add(next)) {
                pending.addAll(List.of(next.getInterfaces()));
            }
        }
        return interfaces;
    }

    private static ClassData data(ClassLoader loader, String internalName) {
        Map<String, ClassData> byName = CLASSES.computeIfAbsent(loader == null ? ClassLoader.getPlatformClassLoader()
                : loader, key -> new ConcurrentHashMap<>());
        ClassData cached = byName.get(internalName);
        if (cached != null) {
            return cached == ClassData.NONE ? null : cached;
        }
        ClassData read = read(loader, internalName);
        byName.put(internalName, read == null ? ClassData.NONE : read);
        return read;
    }

    private static ClassData read(ClassLoader loader, String internalName) {
        if (internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/") || internalName.startsWith("[")) {
            return null;
        }
        ClassLoader search = loader != null ? loader : ClassLoader.getSystemClassLoader();
        URL location = search.getResource(internalName + ".class");
        if (location == null) {
            return null;
        }
        String protocol = location.getProtocol();
        if (protocol.equals("jrt")) {
            return null;
        }
        if (protocol.equals("jar")) {
            String library = libraryIdentity(location);
            if (!isSnapshot(library)) {
                return ClassData.library(library);
            }
            // A snapshot's code changes under one version (a sibling module's jar): its classes
            // count by their bytes, as the project's do, read below.
        }
        try (InputStream in = location.openStream()) {
            return ClassData.project(new ClassReader(in));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether a library identity names a Maven snapshot ({@code 1.0-SNAPSHOT}, or one deployed as
     * {@code 1.0-20261125.101500-3}), whose code may differ between two jars of the same version.
     */
    static boolean isSnapshot(String library) {
        for (String coordinates : library.split("\\+")) {
            if (coordinates.endsWith("-SNAPSHOT") || coordinates.matches(".*-[0-9]{8}\\.[0-9]{6}-[0-9]+")) {
                return true;
            }
        }
        return false;
    }

    /** {@code org.apache.opennlp:opennlp-tools:2.5.0}, or the manifest's version, or the jar's SHA-1. */
    private static String libraryIdentity(URL classInJar) {
        try {
            URL jar = ((JarURLConnection) classInJar.openConnection()).getJarFileURL();
            return LIBRARIES.computeIfAbsent(jar.toString(), key -> identify(jar));
        } catch (IOException | ClassCastException e) {
            return classInJar.toString();
        }
    }

    private static String identify(URL jar) {
        Path path;
        try {
            path = Path.of(jar.toURI());
        } catch (Exception e) {
            return jar.toString();
        }
        try (JarFile file = new JarFile(path.toFile())) {
            List<String> coordinates = new ArrayList<>();
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                    java.util.Properties pom = new java.util.Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        pom.load(in);
                    }
                    coordinates.add(pom.getProperty("groupId") + ":" + pom.getProperty("artifactId") + ":"
                            + pom.getProperty("version"));
                }
            }
            if (!coordinates.isEmpty()) {
                Collections.sort(coordinates);
                return String.join("+", coordinates);
            }
            Manifest manifest = file.getManifest();
            if (manifest != null) {
                String title = manifest.getMainAttributes().getValue("Implementation-Title");
                String version = manifest.getMainAttributes().getValue("Implementation-Version");
                if (version == null) {
                    title = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
                    version = manifest.getMainAttributes().getValue("Bundle-Version");
                }
                if (title != null && version != null) {
                    return title + ":" + version;
                }
            }
        } catch (IOException e) {
            // fall back to the content
        }
        try {
            return path.getFileName() + "@sha1:" + HexFormat.of().formatHex(Sha1.digest().digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            return jar.toString();
        }
    }

    /** A class as far as fingerprints go: its hash, what it refers to, and its methods' code. */
    private static final class ClassData {
        static final ClassData NONE = new ClassData(false, null);

        final boolean project;
        final String library;
        String hash;
        final Set<String> references = new HashSet<>();
        final Map<String, MethodData> methods = new HashMap<>();

        private ClassData(boolean project, String library) {
            this.project = project;
            this.library = library;
        }

        static ClassData library(String identity) {
            return new ClassData(false, identity);
        }

        static ClassData project(ClassReader reader) {
            ClassData data = new ClassData(true, null);
            MessageDigest digest = Sha1.digest();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    text(digest, "class " + access + " " + name + " " + signature + " " + superName + " "
                            + String.join(",", interfaces == null ? new String[0] : interfaces));
                    if (superName != null) {
                        data.references.add(superName);
                    }
                    if (interfaces != null) {
                        data.references.addAll(List.of(interfaces));
                    }
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                               Object value) {
                    text(digest, "field " + access + " " + name + " " + descriptor + " " + signature + " " + value);
                    addTypes(data.references, Type.getType(descriptor));
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    text(digest, "method " + access + " " + name + descriptor + " " + signature);
                    MethodData method = new MethodData();
                    data.methods.put(name + descriptor, method);
                    return new CodeDigest(method, () -> {
                        text(digest, "code " + name + descriptor + " " + method.hash);
                        data.references.addAll(method.classes);
                        for (String[] call : method.calls) {
                            data.references.add(call[0]);
                        }
                    });
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            data.hash = HexFormat.of().formatHex(digest.digest());
            data.references.removeIf(reference -> reference.startsWith("java/") || reference.startsWith("["));
            return data;
        }
    }

    /** A method's code: its hash, the classes it names, and the methods it calls. */
    private static final class MethodData {
        String hash;
        final Set<String> classes = new HashSet<>();
        final List<String[]> calls = new ArrayList<>();
    }

    /** Hashes a method's instructions, numbering labels by first appearance, and notes what they refer to. */
    private static final class CodeDigest extends MethodVisitor {

        private final MethodData method;
        private final Runnable done;
        private final MessageDigest digest = Sha1.digest();
        private final Map<Label, Integer> labels = new HashMap<>();

        CodeDigest(MethodData method, Runnable done) {
            super(Opcodes.ASM9);
            this.method = method;
            this.done = done;
        }

        private String label(Label label) {
            return "L" + labels.computeIfAbsent(label, ignored -> labels.size());
        }

        @Override
        public void visitInsn(int opcode) {
            text(digest, "i" + opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            text(digest, "n" + opcode + " " + operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            text(digest, "v" + opcode + " " + var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            text(digest, "t" + opcode + " " + type);
            addTypes(method.classes, Type.getObjectType(type));
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            text(digest, "f" + opcode + " " + owner + "." + name + " " + descriptor);
            method.classes.add(owner);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            text(digest, "m" + opcode + " " + owner + "." + name + descriptor);
            if (!owner.startsWith("[")) {
                method.calls.add(new String[] {owner, name, descriptor});
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            StringBuilder text = new StringBuilder("d " + name + descriptor + " " + bootstrap);
            for (Object argument : arguments) {
                text.append(' ').append(argument);
                if (argument instanceof Handle handle) {
                    method.calls.add(new String[] {handle.getOwner(), handle.getName(), handle.getDesc()});
                } else if (argument instanceof Type type) {
                    addTypes(method.classes, type);
                }
            }
            text(digest, text.toString());
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            text(digest, "j" + opcode + " " + label(label));
        }

        @Override
        public void visitLabel(Label label) {
            text(digest, "l " + label(label));
        }

        @Override
        public void visitLdcInsn(Object value) {
            text(digest, "c " + value.getClass().getName() + " " + value);
            if (value instanceof Type type) {
                addTypes(method.classes, type);
            }
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            text(digest, "+ " + var + " " + increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label fallback, Label... targets) {
            StringBuilder text = new StringBuilder("s " + min + " " + max + " " + label(fallback));
            for (Label target : targets) {
                text.append(' ').append(label(target));
            }
            text(digest, text.toString());
        }

        @Override
        public void visitLookupSwitchInsn(Label fallback, int[] keys, Label[] targets) {
            StringBuilder text = new StringBuilder("w " + label(fallback));
            for (int i = 0; i < keys.length; i++) {
                text.append(' ').append(keys[i]).append(':').append(label(targets[i]));
            }
            text(digest, text.toString());
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            text(digest, "a " + descriptor + " " + dimensions);
            addTypes(method.classes, Type.getType(descriptor));
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            text(digest, "x " + label(start) + " " + label(end) + " " + label(handler) + " " + type);
            if (type != null) {
                method.classes.add(type);
            }
        }

        @Override
        public void visitEnd() {
            method.hash = HexFormat.of().formatHex(digest.digest());
            done.run();
        }
    }

    private static void text(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }

    private static void addTypes(Set<String> classes, Type type) {
        switch (type.getSort()) {
            case Type.ARRAY -> addTypes(classes, type.getElementType());
            case Type.OBJECT -> classes.add(type.getInternalName());
            case Type.METHOD -> {
                for (Type argument : type.getArgumentTypes()) {
                    addTypes(classes, argument);
                }
                addTypes(classes, type.getReturnType());
            }
            default -> {
                // a primitive: nothing to follow
            }
        }
    }
}
