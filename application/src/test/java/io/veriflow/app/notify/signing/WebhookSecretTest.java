package io.veriflow.app.notify.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {

    @Test
    void generatedSecretsAreWhsecWith32RandomBytes() {
        SecureRandom random = new SecureRandom();
        WebhookSecret one = WebhookSecret.generate(random);
        WebhookSecret two = WebhookSecret.generate(random);

        assertThat(one.asSecret().reveal()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(one.asSecret().reveal().substring(6))).hasSize(32);
        assertThat(one.key()).hasSize(32);
        assertThat(one.key()).isNotEqualTo(two.key());
        assertThat(WebhookSecret.parse(one.asSecret().reveal())).isEqualTo(one);
    }

    @Test
    void theTextFormRoundTrips() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(secret.key()).hasSize(24);
        assertThat(secret.asSecret().reveal()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    @Test
    void itNeverPrintsItself() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(secret.toString()).doesNotContain("MfKQ9r8").contains("redacted");
    }

    @Test
    void aSecretWithoutThePrefixIsRefused() {
        assertThatThrownBy(() -> WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("MfKQ9r8");
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not-base64-at-all!!-but-long-enough"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not-base64")
                .hasNoCause();
    }

    @Test
    void keysShorterThan24OrLongerThan64BytesAreRefused() {
        String short23 = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
        String long65 = "whsec_" + Base64.getEncoder().encodeToString(new byte[65]);

        assertThatThrownBy(() -> WebhookSecret.parse(short23)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSecret.parse(long65)).isInstanceOf(IllegalArgumentException.class);
    }
}
