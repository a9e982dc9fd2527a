/**
 * How a fixture call's result is keyed and written: {@link dev.labtech.cache.Cache},
 * {@link dev.labtech.cache.BaseCache} for custom formats, and the built-in
 * {@link dev.labtech.cache.JsonCache} (default), {@link dev.labtech.cache.JavaSerializationCache}
 * and {@link dev.labtech.cache.NullCache}.
 */
package dev.labtech.cache;
