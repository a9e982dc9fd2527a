/**
 * How a fixture call's result is keyed and written: {@link dev.labtech.cache.Cache}, with
 * {@link dev.labtech.cache.BaseCache} (and {@link dev.labtech.cache.StreamCache}) for custom
 * formats, and the built-in {@link dev.labtech.cache.BinaryCache} (the default),
 * {@link dev.labtech.cache.JsonCache}, {@link dev.labtech.cache.JavaSerializationCache} and
 * {@link dev.labtech.cache.NullCache}. A cache writes through a {@link dev.labtech.storage.Storage}
 * and knows nothing of the engine above it.
 */
package dev.labtech.cache;
