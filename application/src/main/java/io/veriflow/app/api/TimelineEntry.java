package io.veriflow.app.api;

import io.veriflow.app.http.WireNames;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.veriflow.domain.port.out.SignalLog;
import java.time.Instant;
import java.util.List;

/**
 * One signal the session received, what authority it had and what it changed. The provider's payload is not shown:
 * even minimised, it is the provider's data, not the API's.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TimelineEntry(
        @JsonProperty("received_at") Instant receivedAt,
        @JsonProperty("occurred_at") @Schema(description = "When the provider or client says it happened, if it said.")
        @Nullable Instant occurredAt,
        @Schema(description = "What the provider called it, qualified by channel, e.g. persona.onCancel.") String name,
        @Schema(allowableValues = {"client_hint", "notification", "authoritative"}) String authority,
        @Schema(allowableValues = {"changed", "ignored", "rejected"}) String result,
        @Schema(description = "Why it was ignored or rejected, e.g. stale_snapshot.") @Nullable String reason,
        @Schema(description = "The session events it caused, e.g. session_abandoned.") List<String> events) {

    static TimelineEntry of(SignalLog.Entry entry) {
        return new TimelineEntry(
                entry.meta().receivedAt(),
                entry.meta().occurredAt().orElse(null),
                entry.meta().name().value(),
                WireNames.of(entry.authority()),
                WireNames.of(entry.effect().result()),
                entry.effect().reason().map(WireNames::constant).orElse(null),
                entry.effect().events().stream().map(WireNames::event).toList());
    }
}
