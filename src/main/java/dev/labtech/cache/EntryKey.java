package dev.labtech.cache;

import dev.labtech.internal.Sha1;
import java.util.regex.Pattern;

/**
 * The one owner of the key format, {@code {prefix}{Type}__{sha1}} ({@code bin__ModelFixtures-model__3810ce00…}):
 * it builds keys (and the key-shaped names of calls), tells a key from other names in a storage,
 * and reads the fixture a key names.
 */
final class EntryKey {

    private static final String SEPARATOR = "__";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+__[0-9a-f]{40}");
    private static final Pattern HASH = Pattern.compile("__[0-9a-f]{40}$");

    private EntryKey() {
    }

    /** The key of {@code text} (a call's key text, or its call text) for the fixture {@code typeName} under {@code prefix}. */
    static String of(String prefix, String typeName, String text) {
        return prefix + typeName + SEPARATOR + Sha1.hex(text);
    }

    /** Whether {@code name} has the shape {@link #of} gives. */
    static boolean isKey(String name) {
        return KEY.matcher(name).matches();
    }

    /** {@code ModelFixtures#model} from {@code json__ModelFixtures-model__<sha1>}: the fixture a key names. */
    static String fixtureIn(String key) {
        String type = HASH.matcher(key).replaceFirst("");
        int prefixEnd = type.lastIndexOf(SEPARATOR);
        if (prefixEnd >= 0) {
            type = type.substring(prefixEnd + SEPARATOR.length());
        }
        int dash = type.lastIndexOf('-');
        return dash < 0 ? type : type.substring(0, dash) + "#" + type.substring(dash + 1);
    }
}
