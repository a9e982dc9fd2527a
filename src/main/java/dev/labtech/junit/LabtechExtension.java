package dev.labtech.junit;

import dev.labtech.CallListener;
import dev.labtech.Lab;
import dev.labtech.LabtechException;
import dev.labtech.internal.config.RunConfiguration;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * The JUnit Jupiter extension behind {@link LabtechCached}: it injects fixture proxies into
 * parameters and fields, backed by one {@link Lab} per test run.
 *
 * <p>Register it by annotating a test class, field or parameter with {@code @LabtechCached}. The
 * lab is built from the {@code labtech.*} configuration parameters on first use and kept for the
 * whole launcher session, one per storage directory, so every test class and every suite of a
 * run shares it (and its in-memory results, and its detection of fixture cycles); when the
 * session ends it logs a summary of what was loaded, computed and saved. Every cached call is
 * published as a report entry with the key {@code labtech}.
 *
 * @since 0.1.0
 */
public final class LabtechExtension
        implements BeforeAllCallback, TestInstancePostProcessor, BeforeEachCallback, AfterEachCallback,
        InvocationInterceptor, ParameterResolver {

    /**
     * The test running on each thread, so a call is reported on the test that made it even through
     * fixtures injected into a static field, a {@code @BeforeAll} method or a shared instance.
     */
    private static final ThreadLocal<ExtensionContext> RUNNING = new ThreadLocal<>();

    /** Where the session's labs are kept; {@link LabtechSessionListener} finds them by the same parts. */
    static final Namespace NAMESPACE = Namespace.create(LabtechExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        injectFields(context, null, context.getRequiredTestClass(), ModifierSupport::isStatic, false);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        injectFields(context, testInstance, testInstance.getClass(), ModifierSupport::isNotStatic, false);
    }

    /**
     * Injects instance fields again for a test whose extension was registered by a field only:
     * JUnit registers such extensions after instances are post-processed.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        RUNNING.set(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(context, instance, instance.getClass(), ModifierSupport::isNotStatic, true);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RUNNING.remove();
    }

    /** A dynamic test reports on itself, not on the factory that made it. */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext extensionContext) throws Throwable {
        ExtensionContext factory = RUNNING.get();
        RUNNING.set(extensionContext);
        try {
            invocation.proceed();
        } finally {
            if (factory == null) {
                RUNNING.remove();
            } else {
                RUNNING.set(factory);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter parameter = parameterContext.getParameter();
        boolean fixture = Lab.isFixtureInterface(parameter.getType());
        if (!fixture && parameterContext.isAnnotated(LabtechCached.class)) {
            throw new ParameterResolutionException("@LabtechCached parameter '" + parameter.getName() + "' of "
                    + parameterContext.getDeclaringExecutable().getName() + " must have an interface type with a "
                    + "@LabtechCached default method, but its type is " + parameter.getType().getName());
        }
        return fixture;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return fixtures(extensionContext, parameterContext.getParameter().getType());
    }

    private void injectFields(ExtensionContext context, Object instance, Class<?> testClass, Predicate<Field> which,
                              boolean onlyIfUnset) {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, LabtechCached.class, which,
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (!Lab.isFixtureInterface(field.getType())) {
                throw new ExtensionConfigurationException("@LabtechCached field " + testClass.getSimpleName() + "."
                        + field.getName() + " must have an interface type with a @LabtechCached default method, "
                        + "but its type is " + field.getType().getName());
            }
            if (ModifierSupport.isFinal(field)) {
                throw new ExtensionConfigurationException("@LabtechCached field " + testClass.getSimpleName() + "."
                        + field.getName() + " must not be final, so the fixtures can be injected");
            }
            try {
                field.setAccessible(true);
                if (onlyIfUnset && field.get(instance) != null) {
                    continue;
                }
                field.set(instance, fixtures(context, field.getType()));
            } catch (IllegalAccessException | RuntimeException e) {
                if (e instanceof ExtensionConfigurationException configuration) {
                    throw configuration;
                }
                throw new ExtensionConfigurationException("Cannot inject @LabtechCached field "
                        + testClass.getSimpleName() + "." + field.getName() + ": " + e, e);
            }
        }
    }

    private static Object fixtures(ExtensionContext context, Class<?> type) {
        Lab lab = lab(context);
        CallListener reporter = report -> {
            ExtensionContext running = RUNNING.get();
            (running != null ? running : context).publishReportEntry("labtech", report.describe());
        };
        try {
            return lab.fixtures(type, reporter);
        } catch (LabtechException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    /** Whether the running Jupiter has store scopes (5.13 and later). */
    private static final boolean STORE_SCOPES = hasClass("org.junit.jupiter.api.extension.ExtensionContext$StoreScope");

    private static boolean hasClass(String name) {
        try {
            Class.forName(name, false, LabtechExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The labs of the launcher session: in its store (5.13+), held by {@link LabtechSessionListener}
     * (5.10–5.12), or, under a launcher that opened no session, in the root store of this
     * execution, which closes — and summarizes — when the execution ends.
     */
    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: JUnit 5.14 has no computeIfAbsent
    private static SessionLabs sessionLabs(ExtensionContext context) {
        if (STORE_SCOPES) {
            return Scoped.sessionLabs(context);
        }
        SessionLabs held = LabtechSessionListener.withoutSessionStore();
        return held != null ? held : context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SessionLabs.class, key -> new SessionLabs(), SessionLabs.class);
    }

    /** Store scopes, JUnit 5.13 and later only: loaded only where they exist. */
    private static final class Scoped {
        @SuppressWarnings("deprecation")
        static SessionLabs sessionLabs(ExtensionContext context) {
            return context.getStore(StoreScope.LAUNCHER_SESSION, NAMESPACE)
                    .getOrComputeIfAbsent(SessionLabs.class, key -> new SessionLabs(), SessionLabs.class);
        }
    }

    /** The oldest JUnit Jupiter labtech works with: what Spring Boot 3.3 manages. */
    static final int[] OLDEST_JUPITER = {5, 10};

    /**
     * Refuses a JUnit Jupiter older than {@link #OLDEST_JUPITER} with one line naming it
     * ({@code null}: a version the jar does not say, taken as recent enough).
     */
    static void checkJupiter(String version) {
        if (version == null) {
            return;
        }
        java.util.regex.Matcher numbers = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version);
        if (numbers.find()) {
            int major = Integer.parseInt(numbers.group(1));
            int minor = Integer.parseInt(numbers.group(2));
            if (major < OLDEST_JUPITER[0] || major == OLDEST_JUPITER[0] && minor < OLDEST_JUPITER[1]) {
                throw new ExtensionConfigurationException("labtech-junit needs JUnit Jupiter " + OLDEST_JUPITER[0] + "."
                        + OLDEST_JUPITER[1] + " or later, but this test run has JUnit Jupiter " + version
                        + ": manage org.junit:junit-bom at 5.10 or later");
            }
        }
    }

    private static final String JUPITER = ExtensionContext.class.getPackage().getImplementationVersion();

    private static Lab lab(ExtensionContext context) {
        checkJupiter(JUPITER);
        SessionLabs labs = sessionLabs(context);
        ExtensionContext root = context.getRoot();
        RunConfiguration configuration = LabtechConfiguration.read(root::getConfigurationParameter, System::getenv);
        labs.summaryFile(configuration.summaryFile());
        return labs.lab(configuration);
    }
}
