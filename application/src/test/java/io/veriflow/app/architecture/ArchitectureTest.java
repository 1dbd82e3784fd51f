package io.veriflow.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the architecture's rules against the main code of every module (all of it is on this classpath). */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importMainCode() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.veriflow");
    }

    @Test
    void domainDependsOnTheJdkOnly() {
        HexagonRules.domainIsPlainJava("io.veriflow.domain").check(production);
    }

    @Test
    void plaidAdapterDependsOnNoOtherAdapterNorTheApplication() {
        HexagonRules.adapterIsolated("io.veriflow.adapters.plaid", "io.veriflow.adapters.persona..", "io.veriflow.app..")
                .check(production);
    }

    @Test
    void personaAdapterDependsOnNoOtherAdapterNorTheApplication() {
        HexagonRules.adapterIsolated("io.veriflow.adapters.persona", "io.veriflow.adapters.plaid..", "io.veriflow.app..")
                .check(production);
    }

    @Test
    void applicationNeverNamesAnAdapterClass() {
        HexagonRules.applicationDoesNotNameAdapters("io.veriflow.app", "io.veriflow.adapters").check(production);
    }

    @Test
    void inboundPortsAreInterfaces() {
        HexagonRules.inboundPortsAreInterfaces("io.veriflow.domain.port.in").check(production);
    }

    @Test
    void outboundPortsHaveNoPortSuffix() {
        HexagonRules.outboundPortsHaveNoPortSuffix("io.veriflow.domain.port.out").check(production);
    }

    @Test
    void adapterHelpersArePackagePrivate() {
        HexagonRules.adapterHelpersArePackagePrivate("io.veriflow.adapters").check(production);
    }

    @Test
    void persistenceRowsAreNamedRowsAndStayPrivate() {
        HexagonRules.mappedEntitiesAreRows("io.veriflow.app.persistence").check(production);
    }

    @Test
    void eventsSignalsAndOutcomesAreRecords() {
        HexagonRules.familiesAreRecords("io.veriflow.domain", io.veriflow.domain.session.SessionEvent.class,
                io.veriflow.domain.signal.ProviderSignal.class, io.veriflow.domain.session.SignalOutcome.class,
                io.veriflow.domain.signal.HintContent.class).check(production);
    }

    @Test
    void noPackageCycles() {
        HexagonRules.noPackageCycles("io.veriflow").check(production);
    }
}
