package io.veriflow.domain.session;

import io.veriflow.domain.model.SessionId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of sessions and where the next page starts, if there is one. */
public record SessionPage(List<VerificationSession> sessions, Optional<SessionId> nextAfter) {

    public SessionPage {
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(nextAfter, "nextAfter must not be null (use Optional.empty())");
    }
}
