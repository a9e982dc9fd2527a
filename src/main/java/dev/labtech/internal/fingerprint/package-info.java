/**
 * What a call reaches, for {@code labtech.invalidation=code}: the bytecode of the fixture and the
 * project classes it reaches ({@code CodeFingerprints}), the library jars they use
 * ({@code LibraryDependencies}), the content of the files its arguments name
 * ({@code FileDigests}) and the classes its arguments are ({@code ArgumentClasses}).
 *
 * <p>Implementation details, as all of {@code dev.labtech.internal}: not public API.
 */
package dev.labtech.internal.fingerprint;
