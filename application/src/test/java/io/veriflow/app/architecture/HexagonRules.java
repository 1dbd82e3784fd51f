package io.veriflow.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture's rules (ARCHITECTURE.md sections 2 and 7), written as functions of the packages they govern so
 * that {@link ArchitectureTest} can check them against the real code and {@link RulesCanFailTest} against classes
 * that break them on purpose.
 */
final class HexagonRules {

    private HexagonRules() {
    }

    /** The domain depends on the JDK only (annotation-only jars such as JSpecify are fine). */
    static ArchRule domainIsPlainJava(String domain) {
        return classes().that().resideInAPackage(domain + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(domain + "..", "java..", "org.jspecify..")
                .because("the domain imports nothing from Micronaut, JDBC, Jackson, OpenTelemetry or Resilience4j");
    }

    /** An adapter depends on the domain, never on another adapter or on the application. */
    static ArchRule adapterIsolated(String adapter, String... forbidden) {
        return noClasses().that().resideInAPackage(adapter + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("adapters depend on the domain only, never on each other or on the application");
    }

    /** The application wires adapters at runtime; its code never names an adapter class. */
    static ArchRule applicationDoesNotNameAdapters(String application, String adapters) {
        return noClasses().that().resideInAPackage(application + "..")
                .should().dependOnClassesThat().resideInAPackage(adapters + "..")
                .because("adapters are runtime-scoped and discovered by Micronaut from the classpath");
    }

    /** Inbound ports are interfaces, one per use case. */
    static ArchRule inboundPortsAreInterfaces(String portIn) {
        return classes().that().resideInAPackage(portIn).and().areTopLevelClasses()
                .and().doNotHaveSimpleName("package-info")
                .should().beInterfaces()
                .because("one interface per use case, with its Command nested");
    }

    /** Outbound ports are named for the capability, without a Port suffix. */
    static ArchRule outboundPortsHaveNoPortSuffix(String portOut) {
        return noClasses().that().resideInAPackage(portOut)
                .should().haveSimpleNameEndingWith("Port")
                .because("outbound ports are named for the capability (VerificationSessions, SignalLog)");
    }

    /** Adapter helpers (translators, signature checks, vocabularies, provider DTOs) stay package-private. */
    static ArchRule adapterHelpersArePackagePrivate(String adapters) {
        return classes().that().resideInAPackage(adapters + "..")
                .and().haveNameMatching(".*(Translator|Signature|Verifier|Vocabulary|Status|Dto|Payload)")
                .should().notBePublic()
                .because("provider DTOs and helpers stay inside their adapter");
    }

    /** Persistence rows are separate from domain types and named for what they are. */
    static ArchRule mappedEntitiesAreRows(String persistence) {
        return classes().that().resideInAPackage(persistence + "..")
                .and().areAnnotatedWith("io.micronaut.data.annotation.MappedEntity")
                .should().haveSimpleNameEndingWith("Row")
                .andShould().notBePublic()
                .because("rows are mapped by hand to domain types and stay inside the persistence package");
    }

    /** The members of a family (events, signals, outcomes) are records. */
    static ArchRule familiesAreRecords(String domain, Class<?>... families) {
        var members = classes().that().resideInAPackage(domain + "..").and().areAssignableTo(families[0]);
        for (int i = 1; i < families.length; i++) {
            members = members.or().areAssignableTo(families[i]);
        }
        return members.and().areNotInterfaces()
                .should().beRecords()
                .because("values and events are records");
    }

    /** No cycles between packages anywhere. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }
}
