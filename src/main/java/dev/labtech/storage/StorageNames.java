package dev.labtech.storage;

import dev.labtech.StorageException;

/** The key and file-name rules every storage enforces, so no name can escape its entry. */
final class StorageNames {

    private StorageNames() {
    }

    static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new StorageException("Invalid storage key '" + key + "': a key must not be empty");
        }
        if (!isKey(key)) {
            throw new StorageException("Invalid storage key '" + key
                    + "': a key must not contain '.', '/', '\\' or NUL, so it names one entry directly inside the storage");
        }
        return key;
    }

    /** Whether {@code name} passes {@link #checkKey}: files labtech names after keys are only ever touched if so. */
    static boolean isKey(String name) {
        return name != null && !name.isEmpty() && !name.contains(".") && !name.contains("/") && !name.contains("\\")
                && name.indexOf('\0') < 0;
    }

    static String checkFileName(String key, String fileName) {
        checkKey(key);
        if (fileName == null || fileName.isEmpty()) {
            throw new StorageException("Invalid file name '" + fileName + "' in entry " + key
                    + ": a file name must not be empty");
        }
        if (fileName.startsWith(".") || fileName.contains("/") || fileName.contains("\\")
                || fileName.indexOf('\0') >= 0) {
            throw new StorageException("Invalid file name '" + fileName + "' in entry " + key
                    + ": a file name must not start with '.' or contain '/', '\\' or NUL, so it names one file directly inside its entry");
        }
        return fileName;
    }
}
