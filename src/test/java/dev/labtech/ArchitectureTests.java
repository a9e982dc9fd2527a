package dev.labtech;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house of ARCHITECTURE.md, checked on the compiled main classes: adapters ({@code junit},
 * {@code maven}) → configuration ({@code internal.config}) → engine ({@code dev.labtech}) →
 * {@code cache} → {@code storage} → utilities ({@code internal}), with the shared model (the call,
 * its result, the exceptions, the enums of the configuration and the annotation) usable by all.
 */
class ArchitectureTests {

    /** The shared model: what every layer may name. */
    static final Set<String> MODEL = Set.of("CacheException", "CachedResult", "CallIdentity", "CallReport", "ChildCall",
            "FixtureCycleException", "Invalidation", "LabtechException", "Mode", "Output", "ResultMeta",
            "SerializerException", "StorageException", "Task", "TaskResult");

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.labtech");
    }

    static boolean isModel(JavaClass type) {
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top.getPackageName().equals("dev.labtech") && MODEL.contains(top.getSimpleName())
                || top.getFullName().equals("dev.labtech.junit.LabtechCached");
    }

    private static boolean in(JavaClass type, String packageName) {
        return !isModel(type) && (type.getPackageName().equals(packageName) || type.getPackageName().startsWith(packageName + "."));
    }

    @Test
    void everyLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Model").definedBy(describe("the shared model", ArchitectureTests::isModel))
                .layer("Adapters").definedBy(describe("junit and maven", type -> in(type, "dev.labtech.junit")
                        || in(type, "dev.labtech.maven")))
                .layer("Configuration").definedBy(describe("internal.config", type -> in(type, "dev.labtech.internal.config")))
                .layer("Engine").definedBy(describe("dev.labtech", type -> !isModel(type)
                        && type.getPackageName().equals("dev.labtech")))
                .layer("Cache").definedBy(describe("cache", type -> in(type, "dev.labtech.cache")))
                .layer("Storage").definedBy(describe("storage", type -> in(type, "dev.labtech.storage")))
                .layer("Utilities").definedBy(describe("internal, but its config", type -> in(type, "dev.labtech.internal")
                        && !in(type, "dev.labtech.internal.config")))
                .whereLayer("Adapters").mayNotBeAccessedByAnyLayer()
                .whereLayer("Configuration").mayOnlyBeAccessedByLayers("Adapters")
                .whereLayer("Engine").mayOnlyBeAccessedByLayers("Adapters", "Configuration")
                .whereLayer("Cache").mayOnlyBeAccessedByLayers("Adapters", "Configuration", "Engine", "Model")
                .whereLayer("Storage").mayOnlyBeAccessedByLayers("Adapters", "Configuration", "Engine", "Cache", "Model")
                // The annotation registers the extension it belongs to (@ExtendWith): its one way up.
                .ignoreDependency(describe("LabtechCached", type -> type.getFullName().equals("dev.labtech.junit.LabtechCached")),
                        describe("LabtechExtension", type -> type.getFullName().equals("dev.labtech.junit.LabtechExtension")))
                .check(classes);
    }

    /** Each package of labtech its own slice, the root package ({@code dev.labtech}, the engine) included. */
    static final com.tngtech.archunit.library.dependencies.SliceAssignment PACKAGES =
            new com.tngtech.archunit.library.dependencies.SliceAssignment() {
                @Override
                public com.tngtech.archunit.library.dependencies.SliceIdentifier getIdentifierOf(JavaClass type) {
                    String name = type.getPackageName();
                    return name.equals("dev.labtech") ? com.tngtech.archunit.library.dependencies.SliceIdentifier.of("dev.labtech")
                            : name.startsWith("dev.labtech.") ? com.tngtech.archunit.library.dependencies.SliceIdentifier.of(name)
                            : com.tngtech.archunit.library.dependencies.SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                    return "labtech's packages";
                }
            };

    @Test
    void noTwoPackagesDependOnEachOtherApartFromTheModel() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles()
                .ignoreDependency(describe("any class", type -> true), describe("the shared model", ArchitectureTests::isModel))
                .check(classes);
    }

    /**
     * A utility is public only because another package uses it: one used within its own package alone
     * (itself and its nested types) is package-private, so that {@code internal} shows no more than
     * the house needs.
     */
    @Test
    void aPublicUtilityIsUsedOutsideItsPackage() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().resideInAPackage("dev.labtech.internal..").and().arePublic().and().areTopLevelClasses()
                .should(new com.tngtech.archunit.lang.ArchCondition<JavaClass>("be used outside their package") {
                    @Override
                    public void check(JavaClass type, com.tngtech.archunit.lang.ConditionEvents events) {
                        boolean usedOutside = classes.stream()
                                .filter(member -> member.equals(type) || member.getName().startsWith(type.getName() + "$"))
                                .flatMap(member -> member.getDirectDependenciesToSelf().stream())
                                .anyMatch(dependency -> !dependency.getOriginClass().getPackageName().equals(type.getPackageName()));
                        if (!usedOutside) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(type,
                                    type.getName() + " is public but used only in " + type.getPackageName()));
                        }
                    }
                })
                .check(classes);
    }
}
