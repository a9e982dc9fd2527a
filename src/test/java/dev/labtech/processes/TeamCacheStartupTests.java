package dev.labtech.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setting up the AWS SDK takes about a second in a new JVM: a run that finds every result in the
 * local directory never creates the S3 client, so a team cache costs nothing there.
 */
class TeamCacheStartupTests {

    private static final String S3_CLIENT_LOADED = "software.amazon.awssdk.services.s3.DefaultS3Client source:";

    @TempDir
    Path directory;

    @Test
    void aRunThatFindsEveryResultLocallyNeverCreatesTheS3Client() throws Exception {
        String cache = directory.resolve("cache").toString();
        // Nothing listens there: the first run's download fails (one warning) and it computes.
        String endpoint = "http://127.0.0.1:9";

        ChildJvm first = run("first.txt", cache, endpoint);
        ChildJvm second = run("second.txt", cache, endpoint);

        assertThat(first.output()).contains("succeeded: 1, computed: 1", S3_CLIENT_LOADED, "could not download");
        assertThat(second.output()).contains("succeeded: 1, computed: 0").doesNotContain(S3_CLIENT_LOADED)
                .doesNotContain("could not download");
    }

    private ChildJvm run(String output, String cache, String endpoint) throws Exception {
        ChildJvm jvm = ChildJvm.start(directory.resolve(output), System.getProperty("java.class.path"),
                List.of("-Xmx256m", "-Xlog:class+load=info", "-Daws.accessKeyId=labtech-test",
                        "-Daws.secretAccessKey=labtech-test-secret"),
                TeamCacheSuiteProgram.class, cache, endpoint);
        assertThat(jvm.await()).as(jvm.output()).isZero();
        return jvm;
    }
}
