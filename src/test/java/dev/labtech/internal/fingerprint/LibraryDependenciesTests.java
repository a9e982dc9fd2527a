package dev.labtech.internal.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labtech.internal.fingerprint.CodeFingerprints;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a library's POM says it depends on, and what a jar's place in a repository says it is. */
class LibraryDependenciesTests {

    @Test
    void aPomsOwnDependenciesCountButNotTestOnesManagedOnesPluginsOrExclusions() {
        String pom = """
                <project>
                  <parent><groupId>org.parent</groupId><artifactId>parent</artifactId><version>1</version></parent>
                  <groupId>com.example</groupId><artifactId>liba</artifactId>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>managed</groupId><artifactId>only</artifactId></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <!-- <dependency><groupId>commented</groupId><artifactId>out</artifactId></dependency> -->
                    <dependency>
                      <groupId>${project.groupId}</groupId>
                      <artifactId>libb</artifactId>
                      <exclusions><exclusion><groupId>excluded</groupId><artifactId>x</artifactId></exclusion></exclusions>
                    </dependency>
                    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><optional>true</optional></dependency>
                    <dependency><groupId>org.junit</groupId><artifactId>junit</artifactId><scope>test</scope></dependency>
                    <dependency><groupId>${unknown}</groupId><artifactId>skipped</artifactId></dependency>
                  </dependencies>
                  <build><plugins><plugin><dependencies>
                    <dependency><groupId>plugin</groupId><artifactId>dependency</artifactId></dependency>
                  </dependencies></plugin></plugins></build>
                </project>
                """;

        assertThat(LibraryDependencies.dependencies(pom, "com.example")).containsExactly(
                new String[] {"com.example", "libb"}, new String[] {"org.slf4j", "slf4j-api"});
    }

    @Test
    void aJarInARepositoryIsNamedByItsPlace() {
        assertThat(CodeFingerprints.repositoryCoordinates(
                "file:/home/me/.m2/repository/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar"))
                .isEqualTo("org.slf4j:slf4j-api:2.0.16");
        assertThat(CodeFingerprints.repositoryCoordinates(
                "file:/home/me/.m2/repository/com/example/core/1.0/core-1.0-tests.jar"))
                .isEqualTo("com.example:core:tests:1.0");
        for (String elsewhere : List.of("file:/work/app/target/app-1.0.jar", "file:/repository/a/1.0/a-1.0.jar",
                "file:/home/me/.m2/repository/com/example/core/1.0/other-1.0.jar")) {
            assertThat(CodeFingerprints.repositoryCoordinates(elsewhere)).as(elsewhere).isNull();
        }
    }
}
