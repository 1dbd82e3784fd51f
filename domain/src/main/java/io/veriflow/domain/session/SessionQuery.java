package io.veriflow.domain.session;

import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TenantId;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of one tenant's sessions, newest first, optionally filtered.
 *
 * @param after the last session of the previous page (session ids are time-ordered)
 * @param limit 1 to 100
 */
public record SessionQuery(
        TenantId tenant,
        Optional<SubjectRef> subject,
        Optional<ProcessState> state,
        Optional<ProviderId> provider,
        Optional<SessionId> after,
        int limit) {

    public static final int MAX_LIMIT = 100;

    public SessionQuery {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(subject, "subject must not be null (use Optional.empty())");
        Objects.requireNonNull(state, "state must not be null (use Optional.empty())");
        Objects.requireNonNull(provider, "provider must not be null (use Optional.empty())");
        Objects.requireNonNull(after, "after must not be null (use Optional.empty())");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
