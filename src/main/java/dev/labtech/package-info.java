/**
 * The labtech engine: {@link dev.labtech.Lab} runs cached fixtures over a
 * {@link dev.labtech.storage.Storage} through a {@link dev.labtech.cache.Cache}, with the call and
 * result model ({@link dev.labtech.Task}, {@link dev.labtech.TaskResult},
 * {@link dev.labtech.ResultMeta}) and the exceptions, all rooted at
 * {@link dev.labtech.LabtechException}.
 *
 * <p>Data flows one way: JUnit extension, then {@code Lab}, then cache, then storage.
 */
package dev.labtech;
