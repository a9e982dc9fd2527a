package dev.labtech.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The goals load every class of labtech from the plugin, never from the module's class path. */
class ModuleClassesTests {

    @Test
    void everyPackageOfLabtechIsKnownAsItsOwn() throws Exception {
        Path classes = Path.of(ModuleClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> packages;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/labtech"))) {
            packages = files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file.getParent()).toString().replace(java.io.File.separatorChar, '.'))
                    .collect(Collectors.toSet());
        }
        assertThat(packages).contains("dev.labtech", "dev.labtech.internal.config");
        assertThat(ModuleClasses.LABTECH_PACKAGES).containsExactlyInAnyOrderElementsOf(packages);
    }
}
