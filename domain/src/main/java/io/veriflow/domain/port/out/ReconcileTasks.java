package io.veriflow.domain.port.out;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.ReconcileRequest;
import java.time.Instant;

/** Durable requests to read a session's authoritative state from its provider. Coalesced per session. */
public interface ReconcileTasks {

    /** Schedules a reconcile no earlier than {@code notBefore}; an already pending one for the session is kept. */
    void schedule(TenantId tenant, SessionId session, ReconcileRequest request, Instant notBefore);
}
