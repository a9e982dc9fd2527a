/**
 * The guarded binary format of {@link dev.labtech.cache.BinaryCache}: Kryo with a faithful way
 * chosen per class ({@code ClassRules}), and every read bounded by what the file's size implies
 * ({@code GuardedKryo}, {@code HashingWork}); and which classes a stored result may make the JVM
 * load at all ({@code DeserializationAllowList}), for Kryo and Java serialization alike.
 *
 * <p>Implementation details, as all of {@code dev.labtech.internal}: not public API.
 */
package dev.labtech.internal.binary;
