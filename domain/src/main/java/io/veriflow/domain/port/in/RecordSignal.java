package io.veriflow.domain.port.in;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.signal.ProviderSignal;
import java.util.Objects;

/**
 * Records one provider signal: logs it (de-duplicated), applies it to its session, and queues the resulting
 * notifications and reconciliation, all in one transaction. Returns only once all of it is stored.
 */
public interface RecordSignal {

    Result record(Command command);

    record Command(ProviderId provider, Target target, ProviderSignal signal, RawPayload payload) {
        public Command {
            Objects.requireNonNull(provider, "provider must not be null");
            Objects.requireNonNull(target, "target must not be null");
            Objects.requireNonNull(signal, "signal must not be null");
            Objects.requireNonNull(payload, "payload must not be null");
        }
    }

    /** How to find the signal's session. */
    sealed interface Target {
    }

    /** A client callback forwarded for a session the caller is authorised for. */
    record ToSession(TenantId tenant, SessionId session) implements Target {
    }

    /** A webhook, which names only the provider's attempt id. */
    record ToProviderRef(ProviderRef ref) implements Target {
    }

    sealed interface Result {
    }

    record Applied(SignalOutcome outcome) implements Result {
    }

    /** Recorded before; nothing was applied again. A normal answer, acknowledged like any other. */
    record Duplicate() implements Result {
    }

    /** No session owns the target (yet). */
    record UnknownSession() implements Result {
    }
}
