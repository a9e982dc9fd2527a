package dev.labtech.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS SDK is an optional dependency: a suite that sets {@code labtech.remote} without it is told
 * what to add, by name, before anything is cached.
 */
class WithoutAwsSdkTests {

    @TempDir
    Path directory;

    @Test
    void aTeamCacheWithoutTheSdkIsAConfigurationErrorNamingTheDependency() throws Exception {
        String separator = File.separator;
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains(separator + "software" + separator + "amazon" + separator))
                .toList();
        assertThat(entries).hasSizeLessThan(System.getProperty("java.class.path").split(File.pathSeparator).length);

        ChildJvm jvm = ChildJvm.start(directory.resolve("out.txt"), String.join(File.pathSeparator, entries),
                List.of("-Xmx256m"), TeamCacheSuiteProgram.class, directory.resolve("cache").toString());

        assertThat(jvm.await()).as(jvm.output()).isZero();
        assertThat(jvm.output()).contains("AWS SDK on the class path: no", "succeeded: 0",
                "]: Invalid value 's3://team-cache/suite' for configuration parameter 'labtech.remote': "
                        + "the team cache needs the AWS SDK for Java 2.x on the test class path: add the dependency "
                        + "software.amazon.awssdk:s3");
        assertThat(Files.exists(directory.resolve("cache"))).isFalse();
    }
}
