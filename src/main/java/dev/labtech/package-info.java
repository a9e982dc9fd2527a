/**
 * The labtech engine: {@link dev.labtech.Lab} runs cached fixtures over a
 * {@link dev.labtech.storage.Storage} through a {@link dev.labtech.cache.Cache}, with the call and
 * result model ({@link dev.labtech.Task}, {@link dev.labtech.TaskResult},
 * {@link dev.labtech.ResultMeta}) and the exceptions, all rooted at
 * {@link dev.labtech.LabtechException}.
 *
 * <p>Data flows one way: the adapters ({@code junit}, {@code maven}) and their configuration
 * ({@code internal.config}), then {@code Lab}, then cache, then storage, then the utilities of
 * {@code internal}; the model types are shared. {@code ArchitectureTests} keeps it so, and
 * ARCHITECTURE.md describes it.
 */
package dev.labtech;
