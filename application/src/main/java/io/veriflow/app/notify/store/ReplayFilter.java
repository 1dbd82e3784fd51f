package io.veriflow.app.notify.store;

import io.veriflow.domain.model.SessionId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which notifications a replay sends again: those of one session, those created since a time, or both conditions.
 * At least one is required, so that a replay never resends a tenant's whole history by accident.
 */
public record ReplayFilter(Optional<SessionId> session, Optional<Instant> since) {

    public ReplayFilter {
        Objects.requireNonNull(session, "session must not be null");
        Objects.requireNonNull(since, "since must not be null");
        if (session.isEmpty() && since.isEmpty()) {
            throw new IllegalArgumentException("a replay names a session, a start time, or both");
        }
    }
}
