/**
 * Configuration, read in one place: the {@code labtech.*} parameters the tests and the Maven goals
 * share (their names are the constants of {@link dev.labtech.junit.LabtechCached}), each turned into
 * its typed value or a readable error, and the storage and team cache they describe. Above the
 * engine, below the adapters ({@code junit}, {@code maven}), which hand it the parameters.
 *
 * <p>Implementation details, as all of {@code dev.labtech.internal}: not public API.
 */
package dev.labtech.internal.config;
