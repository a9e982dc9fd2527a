package dev.labtech.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** One launcher session, one lab per directory: what one execution computed, the next reuses. */
class SessionTests {

    static final AtomicInteger COMPUTED = new AtomicInteger();

    interface Fixtures {
        @LabtechCached
        default String expensive(String name) {
            COMPUTED.incrementAndGet();
            return name.toUpperCase(java.util.Locale.ROOT);
        }
    }

    @LabtechCached
    static class FirstTestCase {
        @Test
        void uses(Fixtures fixtures) {
            assertThat(fixtures.expensive("a")).isEqualTo("A");
        }
    }

    @LabtechCached
    static class SecondTestCase {
        @Test
        void usesToo(Fixtures fixtures) {
            assertThat(fixtures.expensive("a")).isEqualTo("A");
        }
    }

    @Test
    void twoExecutionsOfOneLauncherSessionShareOneLab() {
        COMPUTED.set(0);
        // Nothing is stored (null storage), so only a lab shared in memory avoids the second computation,
        // as for two @Suite classes, each of which the suite engine runs as its own execution.
        try (LauncherSession session = LauncherFactory.openSession(LauncherConfig.DEFAULT)) {
            for (Class<?> testCase : new Class<?>[] {FirstTestCase.class, SecondTestCase.class}) {
                SummaryGeneratingListener summary = new SummaryGeneratingListener();
                session.getLauncher().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(testCase))
                        .configurationParameter(LabtechCached.STORAGE_PROPERTY_NAME, "null")
                        .build(), summary);
                assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
            }
        }

        assertThat(COMPUTED).hasValue(1);
    }
}
