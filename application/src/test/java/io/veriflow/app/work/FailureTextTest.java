package io.veriflow.app.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void aFailureIsItsClassAndItsMessageOnOneLine() {
        assertThat(FailureText.of(new ProviderUnavailable("HTTP 503\n\tretry later", Optional.empty())))
                .isEqualTo("ProviderUnavailable: HTTP 503 retry later");
        assertThat(FailureText.of(new ProviderRejected("INVALID_FIELD", "template unknown")))
                .isEqualTo("ProviderRejected[INVALID_FIELD]: template unknown");
        assertThat(FailureText.of(new ProviderContractViolation(null))).isEqualTo("ProviderContractViolation");
    }

    @Test
    void personalDataLookalikesAreMaskedAndLongMessagesCut() {
        String text = FailureText.of(new IllegalStateException(
                "user jane.doe+kyc@example.co.uk called from +1 415 555 0100 at 2025-03-01T10:00:00Z, id "
                        + "0190f5c2-7a1b-7c3d-9e8f-123456789012"));

        assertThat(text).doesNotContain("jane").doesNotContain("555")
                .contains("<email>").contains("<number>").contains("2025-03-01T10:00:00Z")
                .contains("0190f5c2-7a1b-7c3d-9e8f-123456789012");
        assertThat(FailureText.of(new IllegalStateException("x".repeat(1_000)))).hasSize(FailureText.MAX_LENGTH);
    }

    @Test
    void theKindIsTheClassPart() {
        assertThat(FailureText.kindOf("ProviderRejected[x]: no")).isEqualTo("ProviderRejected[x]");
        assertThat(FailureText.kindOf("ProviderContractViolation")).isEqualTo("ProviderContractViolation");
    }
}
