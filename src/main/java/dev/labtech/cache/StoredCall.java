package dev.labtech.cache;

import dev.labtech.ChildCall;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a stored entry says about the call it was computed for, beyond its key: enough to tell why
 * a call now gets another key (a changed version, return type, class, library or input) and
 * whether the fixtures it called still get the keys they had.
 *
 * @param key         the entry's key
 * @param task        the stored call as canonical JSON, which {@link Serializer#deserializeTask} reads back
 * @param fixture     the fixture interface's full name
 * @param method      the method's name
 * @param arguments   the arguments' canonical JSON
 * @param version     the fixture's version
 * @param returnType  the declared return type
 * @param code        the code fingerprint, if code was part of the key
 * @param codeClasses the project classes the code reached, with their hashes
 * @param libraries   the library jars it reached
 * @param inputs      the declared inputs with their digests
 * @param calls       the cached fixtures it called
 * @param argumentsSha1 the SHA-1 of the arguments' canonical JSON: the same for the same call whatever its code
 * @param files       the files its arguments named, with their content digests
 * @since 0.1.0
 */
public record StoredCall(String key, String task, String fixture, String method, String arguments, String version, String returnType,
                         Optional<String> code, Map<String, String> codeClasses, Set<String> libraries,
                         Map<String, String> inputs, List<ChildCall> calls, String argumentsSha1, Map<String, String> files) {
}
