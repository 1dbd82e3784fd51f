package io.veriflow.app.work;

import io.veriflow.domain.session.ReconcileRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A reconcile task this instance claimed: it is {@code running} under a lease owned by this instance until the
 * lease expires. {@code attempts} counts this claim and is the lease's fencing token: completing or rescheduling
 * matches it, so a task that another instance took over (and claimed again) is never clobbered by a late finisher.
 *
 * @param tenant the tenant's id as stored
 * @param session the session's id as stored
 * @param request the stored request; empty when the payload could not be read
 * @param attempts how many times the task has been claimed, this claim included
 * @param traceparent the W3C trace context of the request that scheduled the task, for a span link
 */
public record ClaimedTask(
        String tenant, UUID id, UUID session, Optional<ReconcileRequest> request, int attempts, Instant createdAt,
        Optional<String> traceparent) {

    public ClaimedTask(
            String tenant, UUID id, UUID session, Optional<ReconcileRequest> request, int attempts, Instant createdAt) {
        this(tenant, id, session, request, attempts, createdAt, Optional.empty());
    }

    public ClaimedTask {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(session, "session must not be null");
        Objects.requireNonNull(request, "request must not be null (use Optional.empty())");
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(traceparent, "traceparent must not be null (use Optional.empty())");
        if (attempts < 1) {
            throw new IllegalArgumentException("a claimed task has been attempted at least once");
        }
    }
}
