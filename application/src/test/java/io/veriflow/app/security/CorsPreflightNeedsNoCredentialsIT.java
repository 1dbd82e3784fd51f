package io.veriflow.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * With CORS configured, a browser front end's preflight (sent without credentials) is answered before
 * authentication, so it can then post its session's callbacks with the client secret; anything else still needs
 * credentials.
 */
@MicronautTest(transactional = false)
@Property(name = DevelopmentTenant.ENABLED, value = "false")
@Property(name = "micronaut.server.cors.enabled", value = "true")
@Property(name = "micronaut.server.cors.configurations.web.allowed-origins", value = "https://app.example")
class CorsPreflightNeedsNoCredentialsIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    void aPreflightIsAnsweredWithoutCredentials() {
        Http.Reply preflight = Http.call(client, HttpRequest.OPTIONS("/v1/sessions/x/callbacks")
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));

        assertThat(preflight.status()).as(preflight.body()).isEqualTo(200);
    }

    @Test
    void theCallItselfStillNeedsCredentials() {
        Http.call(client, HttpRequest.POST("/v1/sessions/x/callbacks", "{}").header("Origin", "https://app.example"))
                .problem(json, 401, Problems.UNAUTHENTICATED);
    }
}
