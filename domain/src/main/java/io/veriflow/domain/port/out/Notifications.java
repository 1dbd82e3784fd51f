package io.veriflow.domain.port.out;

import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.SessionEvent;
import java.util.List;

/**
 * The outbox of events to tell the tenant about. Called in the same transaction as the state change; delivery happens
 * later, at least once, in order of a per-session sequence number.
 */
public interface Notifications {

    void enqueue(TenantId tenant, List<SessionEvent> events);
}
