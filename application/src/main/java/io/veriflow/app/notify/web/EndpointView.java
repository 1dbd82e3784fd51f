package io.veriflow.app.notify.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.veriflow.app.notify.delivery.EndpointHealth;
import io.veriflow.app.notify.payload.NotificationType;
import io.veriflow.app.notify.store.WebhookEndpoint;
import java.time.Instant;
import java.util.List;

/** A webhook endpoint as the API shows it; never its secret. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EndpointView(
        String id,
        String url,
        @Nullable String description,
        @Schema(description = "Subscribed notification types; empty: all.")
        @JsonProperty("event_types") List<String> eventTypes,
        @Schema(description = "False once disabled after sustained failure; enable it again with POST .../enable.")
        boolean enabled,
        @JsonProperty("disabled_reason") @Nullable String disabledReason,
        @JsonProperty("disabled_at") @Nullable Instant disabledAt,
        @Schema(description = "Failed attempts in a row, up to now.")
        @JsonProperty("consecutive_failures") int consecutiveFailures,
        @JsonProperty("failing_since") @Nullable Instant failingSince,
        @Schema(description = "During a secret rotation: until when the replaced secret also signs.")
        @JsonProperty("previous_secret_valid_until") @Nullable Instant previousSecretValidUntil,
        @JsonProperty("created_at") Instant createdAt) {

    static EndpointView of(WebhookEndpoint endpoint) {
        EndpointHealth health = endpoint.health();
        int failures = 0;
        Instant failingSince = null;
        if (health instanceof EndpointHealth.Failing failing) {
            failures = failing.consecutiveFailures();
            failingSince = failing.since();
        }
        return new EndpointView(
                endpoint.id().toString(),
                endpoint.url(),
                endpoint.description().orElse(null),
                wireNames(endpoint),
                endpoint.enabled(),
                endpoint.disabledReason().orElse(null),
                endpoint.disabledAt().orElse(null),
                failures,
                failingSince,
                endpoint.previousSecretUntil().orElse(null),
                endpoint.createdAt());
    }

    static List<String> wireNames(WebhookEndpoint endpoint) {
        return endpoint.eventTypes().stream().map(NotificationType::wireName).sorted().toList();
    }
}
