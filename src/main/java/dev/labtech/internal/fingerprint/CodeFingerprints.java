package dev.labtech.internal.fingerprint;

import dev.labtech.internal.Sha1;
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
import java.util.Collection;
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
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * The fingerprint of a fixture's code: everything the result of a call can depend on that the
 * class files on the class path say, read with ASM without loading or initialising a class.
 *
 * <p>It covers, by construction rather than by case:
 * <ul>
 *   <li>the fixture method and every method it calls on its fixture interfaces, resolved as the JVM
 *       resolves them for a proxy of the interface ({@code invokeinterface} finds the most specific
 *       default, {@code Base.super.m()} and static or private methods are exact), method by method,
 *       so another fixture of the same interface changing changes nothing;</li>
 *   <li>lambda and method-reference bodies by their content, not their synthetic names, so adding a
 *       lambda elsewhere in the interface (which renumbers {@code lambda$…$N}) changes nothing;</li>
 *   <li>the static initialiser of a fixture interface whose static fields the code reads;</li>
 *   <li>every project class any of that names (instructions, class literals, field and method
 *       descriptors, generic signatures, runtime-visible annotations with their attribute values),
 *       hashed whole and followed transitively, including the calls such a class makes back on a
 *       fixture interface (a helper handed {@code this});</li>
 *   <li>the runtime classes of the call's arguments (an implementation passed for an interface);</li>
 *   <li>the identity of every library jar reached, and of the libraries it depends on, transitively,
 *       as its Maven metadata ({@code META-INF/maven/…/pom.xml}) names them and the class path holds
 *       them.</li>
 * </ul>
 * Debug information (line numbers, variable names) is left out, so reformatting changes nothing.
 * Code reached only by reflection on a computed name (a class name read from a file) is out of reach.
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
        return of(fixtureType, method, List.of());
    }

    /**
     * The fingerprint of {@code method} as called through a proxy of {@code fixtureType} with
     * arguments of the classes {@code argumentClasses} (binary names, as {@link Class#getName()}).
     */
    public static Fingerprint of(Class<?> fixtureType, Method method, Collection<String> argumentClasses) {
        Walk walk = new Walk(fixtureType);
        walk.methods.add(new MethodRef(Type.getInternalName(method.getDeclaringClass()), method.getName(),
                Type.getMethodDescriptor(method), false));
        for (String argumentClass : argumentClasses) {
            walk.classes.add(argumentClass.replace('.', '/'));
        }
        walk.run();
        MessageDigest digest = Sha1.digest();
        walk.parts.forEach((name, hash) -> digest.update((name + "=" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        walk.reached.forEach((name, hash) -> digest.update((name + "=" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        walk.libraries.forEach(library -> digest.update((library + "\n").getBytes(StandardCharsets.UTF_8)));
        return new Fingerprint(HexFormat.of().formatHex(digest.digest()), Collections.unmodifiableSortedMap(walk.reached),
                Collections.unmodifiableSortedSet(walk.libraries));
    }

    /** What {@link #warmUp} fingerprints: a default method calling another class, as fixtures do. */
    private interface WarmUp {
        default String value(int count) {
            return String.valueOf(java.util.List.of(count).size());
        }
    }

    /**
     * Fingerprints a small method of labtech's own, so that a new JVM's first fixture call finds ASM
     * and the walk loaded. Never fails.
     */
    public static void warmUp() {
        try {
            of(WarmUp.class, WarmUp.class.getMethod("value", int.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // The first call loads them instead.
        }
    }

    /** A method to follow: {@code exact} when the call names its target (static, private, super, a lambda body). */
    private record MethodRef(String owner, String name, String descriptor, boolean exact) {
    }

    /** One fingerprint's traversal of methods (on fixture interfaces) and classes (all others). */
    private static final class Walk {
        final ClassLoader loader;
        final Set<String> fixtureNames = new HashSet<>();
        final Map<String, String> defaults = new HashMap<>();
        final Deque<MethodRef> methods = new ArrayDeque<>();
        final Deque<String> classes = new ArrayDeque<>();
        final Set<String> seenMethods = new HashSet<>();
        final Set<String> seenClasses = new HashSet<>();
        final Set<String> seenJars = new HashSet<>();
        final SortedMap<String, String> parts = new TreeMap<>();
        final SortedMap<String, String> reached = new TreeMap<>();
        final SortedSet<String> libraries = new TreeSet<>();

        Walk(Class<?> fixtureType) {
            loader = fixtureType.getClassLoader();
            for (Class<?> type : fixtureInterfaces(fixtureType)) {
                fixtureNames.add(Type.getInternalName(type));
            }
            for (Method candidate : fixtureType.getMethods()) {
                if (!Modifier.isAbstract(candidate.getModifiers()) && !Modifier.isStatic(candidate.getModifiers())) {
                    defaults.put(candidate.getName() + Type.getMethodDescriptor(candidate),
                            Type.getInternalName(candidate.getDeclaringClass()));
                }
            }
        }

        void run() {
            while (!methods.isEmpty() || !classes.isEmpty()) {
                if (!methods.isEmpty()) {
                    method(methods.poll());
                } else {
                    type(classes.poll());
                }
            }
        }

        private void method(MethodRef ref) {
            String owner = ref.owner();
            if (!ref.exact()) {
                // The proxy runs the default it sees for this signature, perhaps an override in a sub-interface.
                owner = defaults.getOrDefault(ref.name() + ref.descriptor(), owner);
            }
            String signature = ref.name() + ref.descriptor();
            ClassData data = data(loader, owner);
            if (data != null && ref.exact() && !data.methods.containsKey(signature)) {
                // Base.super.m() and inherited static-free calls resolve in the named interface's supertypes.
                owner = declaringSuperinterface(owner, signature);
                data = data(loader, owner);
            }
            if (!seenMethods.add(owner + "." + signature) || data == null) {
                return;
            }
            if (data.library != null) {
                library(data);
                return;
            }
            MethodData code = data.methods.get(signature);
            if (code == null) {
                return;
            }
            if (!isLambda(ref.name())) {
                // A lambda body counts inside the method that creates it, by content (see effectiveHash).
                parts.put(owner + "." + signature, data.effectiveHash(code));
            }
            follow(code.calls, code.fieldOwners, code.classes);
        }

        private String declaringSuperinterface(String owner, String signature) {
            Deque<String> pending = new ArrayDeque<>(List.of(owner));
            Set<String> seen = new HashSet<>();
            while (!pending.isEmpty()) {
                String next = pending.poll();
                ClassData data = seen.add(next) ? data(loader, next) : null;
                if (data == null) {
                    continue;
                }
                if (data.methods.containsKey(signature)) {
                    return next;
                }
                pending.addAll(data.interfaces);
            }
            return owner;
        }

        private void type(String name) {
            if (fixtureNames.contains(name) || !seenClasses.add(name)) {
                return;
            }
            ClassData data = data(loader, name);
            if (data == null) {
                return;
            }
            if (data.library != null) {
                library(data);
                return;
            }
            reached.put(name.replace('/', '.'), data.hash);
            follow(data.calls, data.fieldOwners, data.references);
        }

        private void follow(List<Call> calls, Set<String> fieldOwners, Set<String> types) {
            for (Call call : calls) {
                if (fixtureNames.contains(call.owner())) {
                    methods.add(new MethodRef(call.owner(), call.name(), call.descriptor(), call.exact()));
                } else {
                    classes.add(call.owner());
                }
            }
            for (String owner : fieldOwners) {
                if (fixtureNames.contains(owner)) {
                    staticInitialisers(owner);
                } else {
                    classes.add(owner);
                }
            }
            classes.addAll(types);
        }

        /** A static field of a fixture interface is set by its {@code <clinit>}, or a superinterface's. */
        private void staticInitialisers(String fixtureInterface) {
            ClassData data = data(loader, fixtureInterface);
            methods.add(new MethodRef(fixtureInterface, "<clinit>", "()V", true));
            if (data != null) {
                for (String superinterface : data.interfaces) {
                    if (fixtureNames.contains(superinterface)) {
                        staticInitialisers(superinterface);
                    }
                }
            }
        }

        private void library(ClassData data) {
            libraries.add(data.library);
            if (data.jar != null && seenJars.add(data.jar)) {
                for (String[] dependency : LibraryDependencies.of(loader, data.jar)) {
                    if (seenJars.add(dependency[0])) {
                        libraries.add(dependency[1]);
                    }
                }
            }
        }
    }

    private static boolean isLambda(String methodName) {
        return methodName.startsWith("lambda$");
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
            String jar = jarOf(location);
            String library = jar == null ? location.toString() : identity(jar);
            if (!isSnapshot(library)) {
                return ClassData.library(library, jar);
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

    /** The URL of the jar file holding a {@code jar:} resource, or {@code null}. */
    static String jarOf(URL classInJar) {
        try {
            return ((JarURLConnection) classInJar.openConnection()).getJarFileURL().toString();
        } catch (IOException | ClassCastException e) {
            return null;
        }
    }

    /** {@code org.apache.opennlp:opennlp-tools:2.5.0}, or the manifest's version, or the jar's SHA-1. */
    static String identity(String jar) {
        return LIBRARIES.computeIfAbsent(jar, CodeFingerprints::identify);
    }

    /**
     * {@code group:artifact:version} of a jar at its place in a Maven repository
     * ({@code …/repository/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar}), with a classifier
     * if it has one; {@code null} for a jar elsewhere.
     */
    static String repositoryCoordinates(String jar) {
        int root = jar.lastIndexOf("/repository/");
        if (root < 0 || !jar.endsWith(".jar")) {
            return null;
        }
        String[] parts = jar.substring(root + "/repository/".length()).split("/");
        if (parts.length < 4) {
            return null;
        }
        String artifact = parts[parts.length - 3];
        String version = parts[parts.length - 2];
        String file = parts[parts.length - 1];
        String base = artifact + "-" + version;
        if (!file.startsWith(base) || !(file.equals(base + ".jar") || file.charAt(base.length()) == '-')) {
            return null;
        }
        String classifier = file.equals(base + ".jar") ? "" : ":" + file.substring(base.length() + 1, file.length() - 4);
        return String.join(".", java.util.Arrays.copyOf(parts, parts.length - 3)) + ":" + artifact + classifier
                + ":" + version;
    }

    private static String identify(String jar) {
        String placed = repositoryCoordinates(jar);
        if (placed != null) {
            // Its place in the repository is its identity: no need to open it.
            return placed;
        }
        Path path;
        try {
            path = Path.of(new java.net.URI(jar));
        } catch (Exception e) {
            return jar;
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
            return jar;
        }
    }

    /** A call in some code: of a method, or of a lambda or method reference's target. */
    private record Call(String owner, String name, String descriptor, boolean exact) {
    }

    /** A class as far as fingerprints go: its hash, what it refers to, and its methods' code. */
    private static final class ClassData {
        static final ClassData NONE = new ClassData(null, null, null);

        final String name;
        final String library;
        final String jar;
        String hash;
        final List<String> interfaces = new ArrayList<>();
        final Set<String> references = new HashSet<>();
        final List<Call> calls = new ArrayList<>();
        final Set<String> fieldOwners = new HashSet<>();
        final Map<String, MethodData> methods = new HashMap<>();

        private ClassData(String name, String library, String jar) {
            this.name = name;
            this.library = library;
            this.jar = jar;
        }

        static ClassData library(String identity, String jar) {
            return new ClassData(null, identity, jar);
        }

        /**
         * A method's hash with the lambdas it creates counted by their content: javac names them
         * {@code lambda$<method>$<n>} with {@code n} counted across the class, so a lambda added
         * anywhere above renames them.
         */
        String effectiveHash(MethodData method) {
            return effectiveHash(method, new HashSet<>());
        }

        private String effectiveHash(MethodData method, Set<MethodData> visiting) {
            if (method.lambdas.isEmpty()) {
                return method.hash;
            }
            String known = method.effective;
            if (known != null) {
                return known;
            }
            MessageDigest digest = Sha1.digest();
            text(digest, method.hash);
            visiting.add(method);
            for (String lambda : method.lambdas) {
                MethodData body = methods.get(lambda);
                text(digest, body == null || visiting.contains(body) ? lambda : effectiveHash(body, visiting));
            }
            visiting.remove(method);
            method.effective = HexFormat.of().formatHex(digest.digest());
            return method.effective;
        }

        static ClassData project(ClassReader reader) {
            ClassData data = new ClassData(reader.getClassName(), null, null);
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
                        data.interfaces.addAll(List.of(interfaces));
                        data.references.addAll(List.of(interfaces));
                    }
                    addSignature(data.references, signature);
                }

                @Override
                public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                    return annotation(digest, data.references, "annotation", descriptor, visible);
                }

                @Override
                public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor,
                                                             boolean visible) {
                    return annotation(digest, data.references, "type annotation " + typeRef + " " + typePath,
                            descriptor, visible);
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                               Object value) {
                    text(digest, "field " + access + " " + name + " " + descriptor + " " + signature + " " + value);
                    addTypes(data.references, Type.getType(descriptor));
                    addSignature(data.references, signature);
                    return new FieldVisitor(Opcodes.ASM9) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                            return annotation(digest, data.references, "field annotation " + name, annotation, visible);
                        }

                        @Override
                        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String annotation,
                                                                     boolean visible) {
                            return annotation(digest, data.references, "field type annotation " + name + " " + typeRef
                                    + " " + typePath, annotation, visible);
                        }
                    };
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodData method = new MethodData();
                    data.methods.put(name + descriptor, method);
                    text(digest, "method " + access + " " + (isLambda(name) ? "lambda" : name) + descriptor + " " + signature);
                    addTypes(method.classes, Type.getMethodType(descriptor));
                    addSignature(method.classes, signature);
                    if (exceptions != null) {
                        method.classes.addAll(List.of(exceptions));
                    }
                    return new CodeDigest(data.name, method, () -> {
                        text(digest, "code " + (isLambda(name) ? "lambda" : name) + descriptor + " " + method.hash);
                        data.references.addAll(method.classes);
                        data.calls.addAll(method.calls);
                        data.fieldOwners.addAll(method.fieldOwners);
                    });
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            data.hash = HexFormat.of().formatHex(digest.digest());
            data.references.removeIf(reference -> reference.startsWith("java/") || reference.startsWith("["));
            return data;
        }
    }

    /** A method's code: its hash, the classes it names, the methods it calls and the lambdas it creates. */
    private static final class MethodData {
        String hash;
        volatile String effective;
        final Set<String> classes = new HashSet<>();
        final Set<String> fieldOwners = new HashSet<>();
        final List<Call> calls = new ArrayList<>();
        /** The lambda bodies this method creates, as {@code name + descriptor}, in order. */
        final List<String> lambdas = new ArrayList<>();
    }

    /**
     * Hashes a method's instructions and runtime-visible annotations, numbering labels by first
     * appearance and naming lambda bodies by position, and notes what they refer to.
     */
    private static final class CodeDigest extends MethodVisitor {

        private final String owner;
        private final MethodData method;
        private final Runnable done;
        private final MessageDigest digest = Sha1.digest();
        private final Map<Label, Integer> labels = new HashMap<>();

        CodeDigest(String owner, MethodData method, Runnable done) {
            super(Opcodes.ASM9);
            this.owner = owner;
            this.method = method;
            this.done = done;
        }

        private String label(Label label) {
            return "L" + labels.computeIfAbsent(label, ignored -> labels.size());
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return annotation(digest, method.classes, "annotation", descriptor, visible);
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
            return annotation(digest, method.classes, "parameter annotation " + parameter, descriptor, visible);
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
            return annotation(digest, method.classes, "type annotation " + typeRef + " " + typePath, descriptor, visible);
        }

        @Override
        public AnnotationVisitor visitAnnotationDefault() {
            text(digest, "default");
            return new AnnotationDigest(digest, method.classes);
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
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
            text(digest, "f" + opcode + " " + fieldOwner + "." + name + " " + descriptor);
            if (!fieldOwner.startsWith("[")) {
                method.fieldOwners.add(fieldOwner);
            }
            addTypes(method.classes, Type.getType(descriptor));
        }

        @Override
        public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
            text(digest, "m" + opcode + " " + callOwner + "." + name + descriptor);
            if (!callOwner.startsWith("[")) {
                method.calls.add(new Call(callOwner, name, descriptor,
                        opcode != Opcodes.INVOKEINTERFACE && opcode != Opcodes.INVOKEVIRTUAL));
            }
            addTypes(method.classes, Type.getMethodType(descriptor));
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            StringBuilder text = new StringBuilder("d " + name + descriptor + " " + handle(bootstrap));
            for (Object argument : arguments) {
                text.append(' ');
                if (argument instanceof Handle target) {
                    text.append(handle(target));
                    method.calls.add(new Call(target.getOwner(), target.getName(), target.getDesc(),
                            target.getTag() != Opcodes.H_INVOKEINTERFACE && target.getTag() != Opcodes.H_INVOKEVIRTUAL));
                    if (target.getOwner().equals(owner) && isLambda(target.getName())) {
                        method.lambdas.add(target.getName() + target.getDesc());
                    }
                } else {
                    text.append(argument);
                    if (argument instanceof Type type) {
                        addTypes(method.classes, type);
                    }
                }
            }
            addTypes(method.classes, Type.getMethodType(descriptor));
            text(digest, text.toString());
        }

        /** A handle as text; a lambda body of this class by its descriptor only, its content counted apart. */
        private String handle(Handle handle) {
            String name = handle.getOwner().equals(owner) && isLambda(handle.getName()) ? "lambda" : handle.getName();
            return handle.getTag() + " " + handle.getOwner() + "." + name + handle.getDesc();
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

    /**
     * A runtime-visible annotation as text in {@code digest}, its type and the types its values
     * name noted in {@code types}: code may read it by reflection. Invisible ones change no
     * behaviour and are left out, and so are labtech's own: {@code @LabtechCached}'s version, cache
     * and inputs are in the key of the call they declare, and a nested call is re-checked by its key.
     */
    private static AnnotationVisitor annotation(MessageDigest digest, Set<String> types, String where, String descriptor,
                                                boolean visible) {
        if (!visible || descriptor.startsWith("Ldev/labtech/")) {
            return null;
        }
        text(digest, where + " " + descriptor);
        addTypes(types, Type.getType(descriptor));
        return new AnnotationDigest(digest, types);
    }

    /** An annotation's attribute values, nested annotations and arrays included, as text. */
    private static final class AnnotationDigest extends AnnotationVisitor {
        private final MessageDigest digest;
        private final Set<String> types;

        AnnotationDigest(MessageDigest digest, Set<String> types) {
            super(Opcodes.ASM9);
            this.digest = digest;
            this.types = types;
        }

        @Override
        public void visit(String name, Object value) {
            String text = value.getClass().isArray() ? java.util.Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
            text(digest, "= " + name + " " + value.getClass().getName() + " " + text);
            if (value instanceof Type type) {
                addTypes(types, type);
            }
        }

        @Override
        public void visitEnum(String name, String descriptor, String value) {
            text(digest, "= " + name + " " + descriptor + "." + value);
            addTypes(types, Type.getType(descriptor));
        }

        @Override
        public AnnotationVisitor visitAnnotation(String name, String descriptor) {
            text(digest, "@ " + name + " " + descriptor);
            addTypes(types, Type.getType(descriptor));
            return this;
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
            text(digest, "[ " + name);
            return this;
        }

        @Override
        public void visitEnd() {
            text(digest, "end");
        }
    }

    private static void text(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }

    /** The classes a generic signature names, {@code List<Event>}'s {@code Event} among them. */
    private static void addSignature(Set<String> classes, String signature) {
        if (signature == null) {
            return;
        }
        new SignatureReader(signature).accept(new SignatureVisitor(Opcodes.ASM9) {
            private String outer;

            @Override
            public void visitClassType(String name) {
                outer = name;
                classes.add(name);
            }

            @Override
            public void visitInnerClassType(String name) {
                outer = outer + "$" + name;
                classes.add(outer);
            }
        });
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
