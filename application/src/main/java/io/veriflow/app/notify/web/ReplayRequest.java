package io.veriflow.app.notify.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Which notifications to send again: one session's, those since a time, or both conditions; at least one. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record ReplayRequest(
        @Schema(description = "Only this session's notifications.")
        @JsonProperty("session_id") @Nullable String sessionId,
        @Schema(description = "Only notifications created at or after this time (RFC 3339).",
                example = "2025-03-01T00:00:00Z")
        @Nullable String since) {
}
