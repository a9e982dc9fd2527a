package dev.labtech.junit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JUnit Jupiter older than 5.10 is one readable line naming it; 5.10 and later, 6.x, pass. */
class JupiterVersionTests {

    @ParameterizedTest
    @ValueSource(strings = {"5.9.3", "5.4.0", "4.13"})
    void anOlderJupiterIsRefusedNamingItsVersion(String version) {
        assertThatThrownBy(() -> LabtechExtension.checkJupiter(version)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("labtech-junit needs JUnit Jupiter 5.10 or later, but this test run has JUnit Jupiter " + version
                        + ": manage org.junit:junit-bom at 5.10 or later");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.10.5", "5.12.2", "5.14.4", "6.0.3", "6.1.3", "6.2.0-M1"})
    void fiveTenAndLaterPass(String version) {
        assertThatCode(() -> LabtechExtension.checkJupiter(version)).doesNotThrowAnyException();
    }

    @Test
    void theRunningJupiterPassesAndAJarThatDoesNotSayIsTakenAsRecent() {
        String running = org.junit.jupiter.api.extension.ExtensionContext.class.getPackage().getImplementationVersion();
        System.out.println("engine tests on JUnit Jupiter " + running); // src/it/engine-tests checks each build's
        assertThatCode(() -> LabtechExtension.checkJupiter(running)).doesNotThrowAnyException();
        assertThatCode(() -> LabtechExtension.checkJupiter(null)).doesNotThrowAnyException();
    }
}
