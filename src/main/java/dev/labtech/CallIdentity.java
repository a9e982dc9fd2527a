package dev.labtech;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What besides its arguments, version and return type decides a call's cache key: the fingerprint
 * of the fixture's code (with {@link Invalidation#CODE}) and the content of the input files it
 * declares ({@code @LabtechCached(inputs = ...)}). Recorded in {@code metadata.json}, so a miss can
 * say what changed.
 *
 * @since 0.1.0
 */
public final class CallIdentity {

    /** Nothing beyond the call itself. */
    public static final CallIdentity NONE = new CallIdentity(null, new TreeMap<>(), new TreeSet<>(), new TreeMap<>());

    private final String code;
    private final SortedSet<String> argumentClasses;
    private final SortedMap<String, String> codeClasses;
    private final SortedSet<String> libraries;
    private final SortedMap<String, String> inputs;

    /**
     * @param code        the hash of the fixture's code and all it reaches, {@code null} if code is not part of the key
     * @param codeClasses the project classes the code reaches, by name, with their hashes
     * @param libraries   the library jars it reaches, as {@code group:artifact:version}
     * @param inputs      the declared inputs, as written in the annotation, with their contents' digests
     */
    public CallIdentity(String code, SortedMap<String, String> codeClasses, SortedSet<String> libraries,
                        SortedMap<String, String> inputs) {
        this(code, codeClasses, libraries, inputs, new TreeSet<>());
    }

    /**
     * @param argumentClasses the project and library classes of the call's arguments, which the
     *                        code fingerprint covers, by binary name
     * @since 0.1.0
     */
    public CallIdentity(String code, SortedMap<String, String> codeClasses, SortedSet<String> libraries,
                        SortedMap<String, String> inputs, SortedSet<String> argumentClasses) {
        this.argumentClasses = Collections.unmodifiableSortedSet(new TreeSet<>(argumentClasses));
        this.code = code;
        this.codeClasses = Collections.unmodifiableSortedMap(new TreeMap<>(codeClasses));
        this.libraries = Collections.unmodifiableSortedSet(new TreeSet<>(libraries));
        this.inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
    }

    /** The hash of the fixture's code, if code is part of the key. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** The project classes the fixture's code reaches, with their hashes. */
    public SortedMap<String, String> codeClasses() {
        return codeClasses;
    }

    /** The library jars the fixture's code reaches: {@code org.apache.opennlp:opennlp-tools:2.5.0}. */
    public SortedSet<String> libraries() {
        return libraries;
    }

    /** The project and library classes of the call's arguments, by binary name. */
    public SortedSet<String> argumentClasses() {
        return argumentClasses;
    }

    /** The declared inputs with the digests of their contents. */
    public SortedMap<String, String> inputs() {
        return inputs;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallIdentity identity && Objects.equals(code, identity.code)
                && inputs.equals(identity.inputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, inputs);
    }
}
