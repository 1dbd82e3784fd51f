package io.veriflow.app.notify.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Registers a webhook endpoint. Unknown fields are refused: a misspelt subscription must not subscribe to all. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record CreateEndpointRequest(
        @Schema(description = "Where to POST notifications: an https URL whose host resolves to public addresses "
                + "only.", example = "https://hooks.example.com/veriflow")
        @Nullable String url,
        @Schema(description = "Your own note about the endpoint (at most 500 characters).")
        @Nullable String description,
        @Schema(description = "The notification types to send (e.g. session.decided); empty or absent: all.")
        @JsonProperty("event_types") @Nullable List<String> eventTypes) {
}
