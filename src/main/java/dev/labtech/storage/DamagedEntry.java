package dev.labtech.storage;

import java.io.IOException;

/**
 * A remote entry whose files do not match its metadata, or cannot be read back from their stored
 * form: the team cache refuses it, computes the result again and, when it pushes, replaces it.
 */
final class DamagedEntry extends IOException {

    private static final long serialVersionUID = 1L;

    DamagedEntry(String message) {
        super(message);
    }
}
