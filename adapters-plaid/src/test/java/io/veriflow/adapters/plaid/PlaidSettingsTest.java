package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaidSettingsTest {

    private static PlaidSettings settings(String clientId, String secret, String baseUrl, String environment) {
        return PlaidSettingsFactory.settings(clientId, secret, baseUrl, Duration.ofDays(7), null, false, "Veriflow",
                "en", List.of("US"), null, environment);
    }

    @Test
    void withoutCredentialsTheOfflineSandboxIsUsed() {
        PlaidSettings settings = settings(null, null, "https://sandbox.plaid.com", null);
        assertThat(settings.mode()).isEqualTo(new PlaidSettings.Sandbox());
        assertThat(settings.sandbox()).isTrue();
        assertThat(settings.environment()).isEqualTo("sandbox");
        assertThat(settings(" ", "", "https://sandbox.plaid.com", null).sandbox()).as("blank is none").isTrue();
    }

    @Test
    void withCredentialsPlaidIsCalledAndTheEnvironmentFollowsTheBaseUrl() {
        PlaidSettings sandbox = settings("id", "secret", "https://sandbox.plaid.com/", null);
        assertThat(sandbox.mode()).isInstanceOfSatisfying(PlaidSettings.Live.class, live ->
                assertThat(live.baseUrl()).isEqualTo(URI.create("https://sandbox.plaid.com")));
        assertThat(sandbox.environment()).isEqualTo("sandbox");
        assertThat(settings("id", "secret", "https://production.plaid.com", null).environment()).isEqualTo("production");
        assertThat(settings("id", "secret", "http://127.0.0.1:9999", "Production").environment())
                .isEqualTo("production");
    }

    @Test
    void halfConfiguredCredentialsRefuseToStartAndNameNoValue() {
        assertThatThrownBy(() -> settings("an-id", null, "https://sandbox.plaid.com", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("veriflow.plaid.secret")
                .hasMessageNotContaining("an-id");
        assertThatThrownBy(() -> settings(null, "a-secret", "https://sandbox.plaid.com", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("veriflow.plaid.client-id")
                .hasMessageNotContaining("a-secret");
    }

    @Test
    void aHalfConfiguredServiceDoesNotStart() {
        assertThatThrownBy(() -> ApplicationContext.builder()
                .properties(Map.of("veriflow.plaid.client-id", "only-the-id")).start())
                .hasStackTraceContaining("half configured");
    }

    @Test
    void credentialsAreRedacted() {
        assertThat(new PlaidSettings.Credentials("id-value", "secret-value").toString())
                .doesNotContain("id-value").doesNotContain("secret-value");
    }

    @Test
    void defaultsAndKeysAreReadFromConfiguration() {
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "veriflow.plaid.client-id", "id",
                "veriflow.plaid.secret", "secret",
                "veriflow.plaid.base-url", "https://production.plaid.com",
                "veriflow.plaid.webhook-url", "https://veriflow.example.com/webhooks/plaid",
                "veriflow.plaid.country-codes", "US,CA",
                "veriflow.plaid.redirect-uri", "https://app.example.com/plaid/oauth-return")).start()) {
            PlaidSettings settings = context.getBean(PlaidSettings.class);
            assertThat(settings.sessionLifetime()).isEqualTo(Duration.ofDays(7));
            assertThat(settings.precreate()).isFalse();
            assertThat(settings.clientName()).isEqualTo("Veriflow");
            assertThat(settings.language()).isEqualTo("en");
            assertThat(settings.countryCodes()).containsExactly("US", "CA");
            assertThat(settings.webhookUrl()).contains(URI.create("https://veriflow.example.com/webhooks/plaid"));
            assertThat(settings.redirectUri()).contains("https://app.example.com/plaid/oauth-return");
            assertThat(settings.environment()).isEqualTo("production");
        }
        try (ApplicationContext context = ApplicationContext.builder().start()) {
            PlaidSettings settings = context.getBean(PlaidSettings.class);
            assertThat(settings.sandbox()).isTrue();
            assertThat(settings.webhookUrl()).isEqualTo(Optional.empty());
        }
    }
}
