package io.veriflow.domain.signal;

import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.SignalName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What every signal carries besides its content.
 *
 * @param dedupeKey the same delivery twice has the same key
 * @param name what the provider called it, for the timeline
 * @param occurredAt when the provider (or client) says it happened, when known
 * @param receivedAt when we received it, from our clock
 */
public record SignalMeta(DedupeKey dedupeKey, SignalName name, Optional<Instant> occurredAt, Instant receivedAt) {

    public SignalMeta {
        Objects.requireNonNull(dedupeKey, "dedupe key must not be null");
        Objects.requireNonNull(name, "signal name must not be null");
        Objects.requireNonNull(occurredAt, "occurredAt must not be null (use Optional.empty())");
        Objects.requireNonNull(receivedAt, "receivedAt must not be null");
    }

    /** The best known time of the signal: the provider's, else ours. */
    public Instant effectiveTime() {
        return occurredAt.orElse(receivedAt);
    }
}
