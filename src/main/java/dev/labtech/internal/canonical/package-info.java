/**
 * Canonical forms: the canonical JSON of a call's arguments that its key hashes
 * ({@code CanonicalJson}), and reading a recorded call back into arguments without running code of
 * the classes it names ({@code CanonicalReader}).
 *
 * <p>Implementation details, as all of {@code dev.labtech.internal}: not public API.
 */
package dev.labtech.internal.canonical;
