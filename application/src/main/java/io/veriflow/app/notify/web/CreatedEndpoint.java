package io.veriflow.app.notify.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.veriflow.app.notify.store.WebhookEndpoint;
import java.time.Instant;
import java.util.List;

/** A newly registered endpoint, with its signing secret: shown this once, never again. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CreatedEndpoint(
        String id,
        String url,
        @Nullable String description,
        @JsonProperty("event_types") List<String> eventTypes,
        boolean enabled,
        @Schema(description = "The Standard Webhooks signing secret (whsec_...). Store it now: it is not shown again.")
        String secret,
        @JsonProperty("created_at") Instant createdAt) {

    static CreatedEndpoint of(WebhookEndpoint endpoint, String secret) {
        return new CreatedEndpoint(endpoint.id().toString(), endpoint.url(), endpoint.description().orElse(null),
                EndpointView.wireNames(endpoint), endpoint.enabled(), secret, endpoint.createdAt());
    }

    @Override
    public String toString() {
        return "CreatedEndpoint[id=" + id + ", secret=redacted]";
    }
}
