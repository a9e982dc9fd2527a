/**
 * Where cached entries live: {@link dev.labtech.storage.Storage}, with
 * {@link dev.labtech.storage.LocalStorage} (a directory) and {@link dev.labtech.storage.NullStorage}
 * (nowhere).
 */
package dev.labtech.storage;
