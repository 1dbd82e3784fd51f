package io.veriflow.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids and names are validated in their compact constructors. */
class IdentifierShapesTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"plaid", "persona", "acme-kyc2", "ab", "abcdefghijklmnopqrstuvwxyz012345"})
    void providerIdsAreOpenValues(String value) {
        assertThat(new ProviderId(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "p", "Plaid", "1plaid", "-plaid", "pl aid", "pl_aid", "plaid!",
            "abcdefghijklmnopqrstuvwxyz0123456"})
    void providerIdsHaveAShape(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ProviderId(value));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"acme", "a", "0acme", "acme_bank-eu",
            "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0"})
    void tenantIds(String value) {
        assertThat(new TenantId(value).value()).isEqualTo(value);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "Acme", "_acme", "-acme", "ac me", "acme.eu",
            "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"})
    void tenantIdsHaveAShape(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new TenantId(value));
    }

    @Test
    void nullIdsAreRejected() {
        assertThatThrownBy(() -> new ProviderId(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TenantId(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ProviderRef(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "idv 1", "idv_1\n", "idv\t1"})
    void tokensAreNeitherBlankNorContainWhitespace(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ProviderRef(value));
        assertThatIllegalArgumentException().isThrownBy(() -> new SubjectRef(value));
        assertThatIllegalArgumentException().isThrownBy(() -> new TemplateRef(value));
        assertThatIllegalArgumentException().isThrownBy(() -> new DedupeKey(value));
        assertThatIllegalArgumentException().isThrownBy(() -> new IdempotencyKey(value));
    }

    @Test
    void tokensHaveAMaximumLength() {
        assertThat(new ProviderRef("r".repeat(255)).value()).hasSize(255);
        assertThatIllegalArgumentException().isThrownBy(() -> new ProviderRef("r".repeat(256)));
        assertThat(new DedupeKey("k".repeat(200)).value()).hasSize(200);
        assertThatIllegalArgumentException().isThrownBy(() -> new DedupeKey("k".repeat(201)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"persona.onCancel", "plaid.webhook.STATUS_UPDATED", "persona.api.inquiry",
            "plaid:link/EXIT"})
    void signalNames(String value) {
        assertThat(new SignalName(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", ".onCancel", "on cancel", "on@cancel"})
    void signalNamesHaveAShape(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new SignalName(value));
    }

    @Test
    void reasonCodesHaveAShapeAndDeriveFromSteps() {
        assertThat(ReasonCode.failedStep(StandardStep.DOCUMENT)).isEqualTo(new ReasonCode("document_failed"));
        assertThat(ReasonCode.stepInReview(new OtherStep("kba"))).isEqualTo(new ReasonCode("kba_in_review"));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReasonCode("Document Failed"));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReasonCode(""));
    }

    @Test
    void stepKindsRoundTripThroughTheirCode() {
        for (StandardStep standard : StandardStep.values()) {
            assertThat(StepKind.fromCode(standard.code())).isEqualTo(standard);
        }
        assertThat(StepKind.fromCode("kba")).isEqualTo(new OtherStep("kba"));
    }

    @Test
    void anOtherStepCannotShadowAStandardStep() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OtherStep("document"));
        assertThatIllegalArgumentException().isThrownBy(() -> new OtherStep("Document"));
        assertThatIllegalArgumentException().isThrownBy(() -> new OtherStep(""));
    }

    @Test
    void aPayloadIsNeverBlank() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RawPayload(" "));
        assertThat(RawPayload.NONE.json()).isEqualTo("{}");
    }
}
