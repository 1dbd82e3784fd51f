package io.veriflow.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.provider.ClientLaunch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bearer tokens and secrets never show in a string, however they are nested. */
class SecretsAreRedactedTest {

    private static final String TOKEN = "sess_tok_9f8e7d6c5b4a";

    @Test
    void aClientTokensTextNeverContainsTheToken() {
        ClientToken token = new ClientToken(TOKEN);

        assertThat(token.toString()).doesNotContain(TOKEN).isEqualTo("ClientToken[redacted]");
        assertThat(token.reveal()).isEqualTo(TOKEN);
    }

    @Test
    void aSecretsTextNeverContainsTheSecret() {
        Secret secret = new Secret(TOKEN);

        assertThat(secret.toString()).doesNotContain(TOKEN).isEqualTo("Secret[redacted]");
        assertThat(secret.reveal()).isEqualTo(TOKEN);
    }

    @Test
    void nestedTokensStayRedacted() {
        ClientToken token = new ClientToken(TOKEN);
        String nested = String.valueOf(List.of(Optional.of(token), new HintContent.FlowExited(Optional.of(token)),
                new ClientLaunch(Optional.of(token), Map.of("inquiry-id", "inq_1"), Optional.empty()),
                Optional.of(Secret.of(token))));

        assertThat(nested).doesNotContain(TOKEN).contains("redacted");
    }

    @Test
    void aTokenKeptAsASecretComesBackUnchanged() {
        ClientToken token = new ClientToken(TOKEN);

        assertThat(Secret.of(token).asClientToken()).isEqualTo(token);
        assertThat(Secret.of(token).reveal()).isEqualTo(TOKEN);
    }

    @Test
    void emptyOrBlankSecretsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientToken(""));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientToken("  "));
        assertThatIllegalArgumentException().isThrownBy(() -> new Secret(""));
    }
}
