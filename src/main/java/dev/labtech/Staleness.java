package dev.labtech;

import dev.labtech.cache.Cache;
import dev.labtech.cache.CacheKey;
import dev.labtech.cache.StoredCall;
import dev.labtech.internal.JsonText;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import dev.labtech.cache.Serializer;
import dev.labtech.cache.Serializer.StoredTask;

/**
 * Why a stored result is not the one the current code would compute: the cached fixtures a
 * computation calls are recorded with their keys, and a result whose calls would now get other
 * keys (a nested fixture's version, code or inputs changed) is computed again; and when a call
 * misses while entries of the same fixture and arguments exist, it says what changed.
 */
final class Staleness {

    private final ThreadLocal<Deque<Set<ChildCall>>> collecting = ThreadLocal.withInitial(ArrayDeque::new);
    private final Serializer serializer;
    private final BiFunction<StoredTask, ClassLoader, Optional<FixtureType.Current>> currentKey;

    /**
     * @param serializer reads stored calls
     * @param currentKey the key a stored call gets now, its fixture's classes resolved through the
     *                   loader; empty if its method is no longer a cached fixture
     */
    Staleness(Serializer serializer, BiFunction<StoredTask, ClassLoader, Optional<FixtureType.Current>> currentKey) {
        this.serializer = serializer;
        this.currentKey = currentKey;
    }

    /** Starts collecting the cached calls of a computation on this thread; close it when it ends. */
    Collection collect() {
        Set<ChildCall> calls = new LinkedHashSet<>();
        collecting.get().push(calls);
        return new Collection(calls);
    }

    /** The calls a computation made. */
    final class Collection implements AutoCloseable {
        private final Set<ChildCall> calls;

        private Collection(Set<ChildCall> calls) {
            this.calls = calls;
        }

        List<ChildCall> calls() {
            return List.copyOf(calls);
        }

        @Override
        public void close() {
            collecting.get().pop();
        }
    }

    /** Notes, for the computation running on this thread if any, a call it made and the calls behind that one. */
    void made(Task task, Cache cache, String key, List<ChildCall> behind) {
        Deque<Set<ChildCall>> stack = collecting.get();
        if (stack.isEmpty() || key == null) {
            return;
        }
        Set<ChildCall> calls = stack.peek();
        calls.add(new ChildCall(key, cache.cacheKey(task).canonicalTask()));
        calls.addAll(behind);
    }

    /**
     * Why {@code stored}, found under the key the call still gets, is out of date: one of the cached
     * fixtures it called would now get another key. Empty if it is current. The calls are given
     * their keys from their canonical form, never by rebuilding their arguments.
     */
    Optional<String> staleCall(StoredCall stored, ClassLoader classes) {
        for (ChildCall call : stored.calls()) {
            StoredTask then;
            Optional<FixtureType.Current> now;
            try {
                then = serializer.storedTask(call.canonicalTask());
                now = currentKey.apply(then, classes);
            } catch (LabtechException e) {
                return Optional.of("the nested fixture it called no longer exists (" + e.getMessage() + ")");
            }
            if (now.isEmpty()) {
                return Optional.of("the nested fixture " + then.fixtureName() + " is no longer cached");
            }
            if (!now.get().key().equals(call.key())) {
                String version = now.get().version();
                return Optional.of("the nested fixture " + then.describe() + " changed"
                        + (version.equals(then.version()) ? " (its code, inputs or files)"
                                : " (version \"" + then.version() + "\" → \"" + version + "\")"));
            }
        }
        return Optional.empty();
    }

    /**
     * What changed since {@code stored} was computed for the same fixture and arguments as
     * {@code key}: empty if the arguments differ, or nothing can be named.
     */
    static Optional<String> whatChanged(CacheKey key, StoredCall stored) {
        Task task = key.task();
        Map<?, ?> nowTask = tree(key.canonicalTask()) instanceof Map<?, ?> map ? map : Map.of();
        if (!Objects.equals(stored.argumentsSha1(), nowTask.get("arguments_sha1"))) {
            return Optional.empty();
        }
        return whatChanged(stored, new FixtureType.Current(key.value(), task.version(),
                task.method().getGenericReturnType().getTypeName(), task.identity(), key.canonicalTask()), nowTask,
                task.fixtureName());
    }

    /** What changed between {@code stored} and the same call {@code now}; empty if nothing can be named. */
    static Optional<String> whatChanged(StoredCall stored, FixtureType.Current now, String fixtureName) {
        return whatChanged(stored, now, tree(now.keyText()) instanceof Map<?, ?> map ? map : Map.of(), fixtureName);
    }

    /** {@link #whatChanged(StoredCall, FixtureType.Current, String)} with the current key text parsed. */
    private static Optional<String> whatChanged(StoredCall stored, FixtureType.Current now, Map<?, ?> nowKey,
                                                String fixtureName) {
        List<String> changes = new ArrayList<>();
        if (!stored.version().equals(now.version())) {
            changes.add("version \"" + stored.version() + "\" → \"" + now.version() + "\"");
        }
        if (!stored.returnType().equals(now.returnType())) {
            changes.add("return type " + stored.returnType() + " → " + now.returnType());
        }
        CallIdentity identity = now.identity();
        if (!stored.code().equals(identity.code())) {
            if (stored.code().isEmpty() || identity.code().isEmpty()) {
                changes.add("labtech.invalidation changed");
            } else {
                List<String> classes = new ArrayList<>();
                for (Map.Entry<String, String> type : identity.codeClasses().entrySet()) {
                    String before = stored.codeClasses().get(type.getKey());
                    if (before == null) {
                        classes.add("code now reaches " + type.getKey());
                    } else if (!before.equals(type.getValue())) {
                        classes.add("code of " + type.getKey() + " changed");
                    }
                }
                for (String library : identity.libraries()) {
                    if (!stored.libraries().contains(library)) {
                        classes.add("library " + library + " is new");
                    }
                }
                changes.add(classes.isEmpty() ? "code of " + fixtureName + " changed" : String.join(", ", classes));
            }
        }
        for (Map.Entry<String, String> input : identity.inputs().entrySet()) {
            if (!input.getValue().equals(stored.inputs().get(input.getKey()))) {
                changes.add("input " + input.getKey() + " changed");
            }
        }
        Map<String, String> filesThen = stored.files();
        Map<?, ?> filesNow = nowKey.get("files") instanceof Map<?, ?> files ? files : Map.of();
        for (Map.Entry<?, ?> file : filesNow.entrySet()) {
            if (!Objects.equals(file.getValue(), filesThen.get(file.getKey()))) {
                changes.add("file " + file.getKey() + " changed");
            }
        }
        return changes.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", changes));
    }

    private static Object tree(String json) {
        try {
            return JsonText.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
