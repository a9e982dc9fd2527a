package dev.labtech.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * {@code NullStorage} stores nothing: every entry is missing and every write is dropped.
 *
 * <p>It is what {@code labtech.storage=null} selects, and the default when a CI environment is
 * detected, so CI always computes fixtures afresh.
 *
 * @since 0.1.0
 */
public final class NullStorage implements Storage {

    @Override
    public List<String> findKeys() {
        return List.of();
    }

    @Override
    public boolean exists(String key) {
        StorageNames.checkKey(key);
        return false;
    }

    @Override
    public InputStream read(String key, String fileName) throws IOException {
        StorageNames.checkFileName(key, fileName);
        throw new NoSuchFileException(key + "/" + fileName, null, "NullStorage stores nothing");
    }

    @Override
    public void write(String key, String fileName, ContentWriter content) {
        StorageNames.checkFileName(key, fileName);
    }

    @Override
    public void delete(String key) {
        StorageNames.checkKey(key);
    }

    @Override
    public String describe() {
        return "null storage (nothing is stored)";
    }
}
