/**
 * Where cached entries live: {@link dev.labtech.storage.Storage}, with
 * {@link dev.labtech.storage.LocalStorage} (a directory, the default),
 * {@link dev.labtech.storage.NullStorage} (nowhere), {@link dev.labtech.storage.S3Storage} (a bucket),
 * {@link dev.labtech.storage.LayeredStorage} (a directory in front of a team cache) and
 * {@link dev.labtech.storage.ForwardingStorage} to build others from. A storage holds files under
 * keys and knows nothing of what they mean, apart from which files make up an entry
 * ({@link dev.labtech.storage.EntryManifest}), which it needs to move an entry whole.
 */
package dev.labtech.storage;
