package io.veriflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Boots the whole service on embedded PostgreSQL and asks it over HTTP whether it is healthy. */
@MicronautTest
class HealthIT {

    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void healthIsUpAndReportsTheDatabaseUpWithoutAuthentication() {
        HttpResponse<Map<String, Object>> response =
                client.toBlocking().exchange(HttpRequest.GET("/health"), JSON_OBJECT);

        assertThat(response.code()).isEqualTo(HttpStatus.OK.getCode());
        Map<String, Object> health = response.body();
        assertThat(health).containsEntry("status", "UP");

        Map<String, Object> jdbc = object(object(health, "details"), "jdbc");
        assertThat(jdbc).containsEntry("status", "UP");
        Map<String, Object> perDatasource = object(jdbc, "details");
        assertThat(perDatasource).hasSize(1);
        Map.Entry<String, Object> defaultDatasource = perDatasource.entrySet().iterator().next();
        assertThat(defaultDatasource.getKey()).startsWith("jdbc:postgresql://localhost:");
        Map<String, Object> database = asObject(defaultDatasource.getValue());
        assertThat(database).containsEntry("status", "UP");
        assertThat(object(database, "details")).containsEntry("database", "PostgreSQL");
    }

    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return asObject(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
