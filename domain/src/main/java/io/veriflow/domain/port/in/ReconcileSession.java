package io.veriflow.domain.port.in;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.ReconcileRequest;
import io.veriflow.domain.session.SignalOutcome;
import java.util.Objects;

/** Reads a session's authoritative state from its provider and applies it as a snapshot. */
public interface ReconcileSession {

    Result reconcile(Command command);

    record Command(TenantId tenant, SessionId session, ReconcileRequest request) {
        public Command {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(session, "session must not be null");
            Objects.requireNonNull(request, "request must not be null");
        }
    }

    sealed interface Result {
    }

    record Reconciled(SignalOutcome outcome) implements Result {
    }

    record NotFound() implements Result {
    }
}
