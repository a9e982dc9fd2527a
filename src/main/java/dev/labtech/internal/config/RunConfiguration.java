package dev.labtech.internal.config;

import dev.labtech.Invalidation;
import dev.labtech.Lab;
import dev.labtech.Mode;
import dev.labtech.Output;
import dev.labtech.cache.Cache;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every {@code labtech.*} parameter a test run uses, read and checked at once by
 * {@link Settings#testRun}: the one value the extension is handed, and builds its {@link Lab} from.
 *
 * @param directory    the storage directory, absolute ({@code labtech.storage.dir})
 * @param mode         {@code labtech.mode}
 * @param output       {@code labtech.output}
 * @param invalidation {@code labtech.invalidation}
 * @param defaultCache {@code labtech.defaultCache}, created
 * @param storage      how the storage is created ({@code labtech.storage}, the CI default, {@code labtech.remote.*})
 * @param maxSize      {@code labtech.maxSize}, if set
 * @param summaryFile  {@code labtech.summary.file} as set, if it is
 * @param classes      where the tests' classes, and custom caches and storages, are found
 */
public record RunConfiguration(Path directory, Mode mode, Output output, Invalidation invalidation, Cache defaultCache,
                               Settings.StorageChoice storage, OptionalLong maxSize, Optional<String> summaryFile,
                               ClassLoader classes) {

    /** A lab with this configuration, its storage created now. */
    public Lab createLab() {
        return Lab.builder().mode(mode).output(output).invalidation(invalidation).defaultCache(defaultCache)
                .storage(storage.create(directory)).build();
    }
}
