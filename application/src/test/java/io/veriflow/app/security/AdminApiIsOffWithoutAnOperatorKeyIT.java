package io.veriflow.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** With no operator key configured, {@code /admin/**} answers 404 to everyone, whatever they present. */
@MicronautTest(transactional = false)
@Property(name = DevelopmentTenant.ENABLED, value = "false")
class AdminApiIsOffWithoutAnOperatorKeyIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Tenants tenants;

    @Inject
    JsonMapper json;

    @Test
    void theAdminApiIsNotThere() {
        String key = tenants.create(Fixtures.aFreshTenant(), "Tenant", Optional.empty()).key().reveal();
        Map<String, Object> body = Map.of("id", Fixtures.aFreshTenant().value(), "display_name", "A");

        List<Http.Reply> replies = List.of(
                Http.call(client, HttpRequest.POST("/admin/tenants", body)),
                Http.call(client, HttpRequest.POST("/admin/tenants", body), Fixtures.OPERATOR_KEY),
                Http.call(client, HttpRequest.POST("/admin/tenants", body), key),
                Http.call(client, HttpRequest.GET("/admin")));

        assertThat(replies).allSatisfy(reply -> reply.problem(json, 404, Problems.NOT_FOUND));
    }
}
