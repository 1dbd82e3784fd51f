package io.veriflow.app.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.veriflow.archfixture.domain.FixtureEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link HexagonRules}, pointed at {@code io.veriflow.archfixture} where classes break it on purpose,
 * must fail and name the offender: no rule passes because it matched nothing or checks nothing.
 */
class RulesCanFailTest {

    private static final String FIXTURE = "io.veriflow.archfixture";
    private static JavaClasses broken;

    @BeforeAll
    static void importBrokenClasses() {
        broken = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void domainRuleCatchesAFrameworkImport() {
        assertFails(HexagonRules.domainIsPlainJava(FIXTURE + ".domain"), "DomainClassUsingMicronaut");
    }

    @Test
    void adapterRuleCatchesAnAdapterUsingAnother() {
        assertFails(HexagonRules.adapterIsolated(FIXTURE + ".adapters.one", FIXTURE + ".adapters.two.."),
                "UsesOtherAdapter");
    }

    @Test
    void applicationRuleCatchesANamedAdapter() {
        assertFails(HexagonRules.applicationDoesNotNameAdapters(FIXTURE + ".app", FIXTURE + ".adapters"),
                "NamesAnAdapter");
    }

    @Test
    void inboundPortRuleCatchesAClass() {
        assertFails(HexagonRules.inboundPortsAreInterfaces(FIXTURE + ".port.in"), "StartSomethingService");
    }

    @Test
    void outboundPortRuleCatchesAPortSuffix() {
        assertFails(HexagonRules.outboundPortsHaveNoPortSuffix(FIXTURE + ".port.out"), "SessionsPort");
    }

    @Test
    void helperRuleCatchesAPublicTranslator() {
        assertFails(HexagonRules.adapterHelpersArePackagePrivate(FIXTURE + ".adapters"), "PublicTranslator");
    }

    @Test
    void rowRuleCatchesAPublicEntity() {
        assertFails(HexagonRules.mappedEntitiesAreRows(FIXTURE + ".persistence"), "SessionEntity");
    }

    @Test
    void recordRuleCatchesAClassEvent() {
        assertFails(HexagonRules.familiesAreRecords(FIXTURE + ".domain", FixtureEvent.class), "ClassEvent");
    }

    @Test
    void cycleRuleCatchesAPackageCycle() {
        assertFails(HexagonRules.noPackageCycles(FIXTURE + ".cycle"), "cycle");
    }

    @Test
    void aRuleThatMatchesNothingFails() {
        assertFails(HexagonRules.inboundPortsAreInterfaces("io.veriflow.nowhere"), "failed to check any classes");
    }

    private static void assertFails(ArchRule rule, String offender) {
        assertThatThrownBy(() -> rule.check(broken)).isInstanceOf(AssertionError.class).hasMessageContaining(offender);
    }
}
