package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code veriflow.persona.*}: defaults, lists, and the switch between Persona and the sandbox. */
class PersonaConfigurationTest {

    @Test
    void everythingButTheKeyHasADefault() {
        try (ApplicationContext context = run(Map.of("veriflow.persona.api-key", "persona_production_x"))) {
            PersonaSettings settings = context.getBean(PersonaSettings.class);

            assertThat(settings.apiKey()).contains(new Secret("persona_production_x"));
            assertThat(settings.sandbox()).isFalse();
            assertThat(settings.baseUrl()).isEqualTo(URI.create("https://api.withpersona.com/api/v1"));
            assertThat(settings.version()).isEqualTo("2023-01-05");
            assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.webhookSecrets()).isEmpty();
            assertThat(settings.webhookTolerance()).isEqualTo(Duration.ofHours(72));
            assertThat(settings.webhookClockSkew()).isEqualTo(Duration.ofMinutes(5));
            assertThat(context.getBean(PersonaConnection.class)).isInstanceOf(LivePersonaConnection.class);
            assertThat(context.getBean(PersonaConnection.class).baseUrl())
                    .isEqualTo(URI.create("https://api.withpersona.com/api/v1"));
            assertThat(context.containsBean(PersonaSandbox.class)).isFalse();
            assertThat(context.containsBean(PersonaSandboxApiController.class)).isFalse();
            assertThat(context.containsBean(PersonaSandboxControlController.class)).isFalse();
        }
    }

    @Test
    void everyKeyCanBeSet() {
        try (ApplicationContext context = run(Map.of(
                "veriflow.persona.api-key", "persona_sandbox_y",
                "veriflow.persona.base-url", "https://persona.example.test/api/v1/",
                "veriflow.persona.version", "2025-12-08",
                "veriflow.persona.read-timeout", "3s",
                "veriflow.persona.connect-timeout", "250ms",
                "veriflow.persona.webhook-secrets", "wbhsec_new,wbhsec_old",
                "veriflow.persona.webhook-tolerance", "10m",
                "veriflow.persona.webhook-clock-skew", "30s"))) {
            PersonaSettings settings = context.getBean(PersonaSettings.class);

            assertThat(settings.version()).isEqualTo("2025-12-08");
            assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(settings.webhookSecrets()).containsExactly(new Secret("wbhsec_new"), new Secret("wbhsec_old"));
            assertThat(settings.webhookTolerance()).isEqualTo(Duration.ofMinutes(10));
            assertThat(settings.webhookClockSkew()).isEqualTo(Duration.ofSeconds(30));
            assertThat(context.getBean(PersonaConnection.class).baseUrl())
                    .isEqualTo(URI.create("https://persona.example.test/api/v1"));
            PersonaHttpClientConfiguration http = context.getBean(PersonaHttpClientConfiguration.class);
            assertThat(http.getReadTimeout()).contains(Duration.ofSeconds(3));
            assertThat(http.isExceptionOnErrorStatus()).isFalse();
        }
    }

    @Test
    void withoutAKeyTheSandboxStandsIn() {
        try (ApplicationContext context = run(Map.of())) {
            assertThat(context.getBean(PersonaSettings.class).sandbox()).isTrue();
            assertThat(context.getBean(PersonaConnection.class)).isInstanceOf(PersonaSandbox.class);
            assertThat(context.containsBean(LivePersonaConnection.class)).isFalse();
        }
    }

    @Test
    void theSandboxFindsItselfAtTheConfiguredUrlOrOnceTheServerRuns() {
        try (ApplicationContext configured = run(Map.of("veriflow.persona.sandbox.self-url",
                "http://veriflow.internal:9000/"));
                ApplicationContext serverless = run(Map.of())) {
            assertThat(configured.getBean(PersonaSandbox.class).baseUrl())
                    .isEqualTo(URI.create("http://veriflow.internal:9000/sandbox/persona/api/v1"));
            assertThat(configured.getBean(PersonaSandbox.class).webhookUrl())
                    .isEqualTo(URI.create("http://veriflow.internal:9000/webhooks/persona"));
            assertThatThrownBy(() -> serverless.getBean(PersonaSandbox.class).baseUrl())
                    .isInstanceOf(ProviderUnavailable.class);
        }
    }

    @Test
    void aBlankKeyIsAMistakeNotASandbox() {
        try (ApplicationContext context = run(Map.of("veriflow.persona.api-key", " "))) {
            assertThatThrownBy(() -> context.getBean(PersonaSettings.class))
                    .isInstanceOf(BeanInstantiationException.class)
                    .hasStackTraceContaining("veriflow.persona.api-key is blank");
        }
    }

    @Test
    void aBaseUrlThatIsNoHttpUrlIsRefused() {
        try (ApplicationContext context = run(Map.of("veriflow.persona.api-key", "k",
                "veriflow.persona.base-url", "ftp://example.test"))) {
            assertThatThrownBy(() -> context.getBean(PersonaSettings.class))
                    .hasStackTraceContaining("base-url must be an absolute http(s) URL");
        }
    }

    @Test
    void secretsNeverShowInText() {
        try (ApplicationContext context = run(Map.of("veriflow.persona.api-key", "persona_production_secret",
                "veriflow.persona.webhook-secrets", "wbhsec_hidden"))) {
            assertThat(context.getBean(PersonaSettings.class).toString())
                    .doesNotContain("persona_production_secret", "wbhsec_hidden");
        }
    }

    private static ApplicationContext run(Map<String, Object> properties) {
        return ApplicationContext.builder().properties(properties).environments("test").start();
    }
}
