package dev.labtech.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1, which labtech uses for keys and fingerprints, as in labtech's {@code cache_key}. */
public final class Sha1 {

    private Sha1() {
    }

    /** A new SHA-1 digest; every Java platform has one. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-1", e);
        }
    }

    /** The SHA-1 of {@code text}'s UTF-8 bytes, in lowercase hex. */
    public static String hex(String text) {
        return java.util.HexFormat.of().formatHex(digest().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
