package io.veriflow.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The OpenAPI document generated from the controllers is served, with a browsable UI, without credentials. */
@MicronautTest(transactional = false)
class OpenApiDocumentIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void theDocumentListsTheSessionsApi() {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/swagger/veriflow-v1.yml"),
                String.class);

        assertThat(response.code()).isEqualTo(200);
        String document = response.body();
        assertThat(document).startsWith("openapi: 3.")
                .contains("title: Veriflow")
                .contains("  /v1/sessions:")
                .contains("  /v1/sessions/{id}:")
                .contains("  /v1/sessions/{id}/timeline:")
                .contains("  /v1/sessions/{id}/resume:")
                .contains("  /v1/sessions/{id}/retry:")
                .contains("  /v1/sessions/{id}/callbacks:")
                .contains("name: Idempotency-Key")
                .contains("application/problem+json");
    }

    @Test
    void theSwaggerUiIsServed() {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/swagger-ui/index.html"),
                String.class);

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body()).contains("swagger-ui").contains("/swagger/veriflow-v1.yml");
    }
}
