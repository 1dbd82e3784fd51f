package io.veriflow.domain.port.in;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.session.Permission;
import io.veriflow.domain.session.VerificationSession;
import java.util.Objects;

/** Hands the front end a way back into a session's flow (Persona session token, Plaid link token). */
public interface ResumeVerification {

    Result resume(Command command);

    record Command(TenantId tenant, SessionId session) {
        public Command {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(session, "session must not be null");
        }
    }

    sealed interface Result {
    }

    record Resumed(VerificationSession session, ClientLaunch launch) implements Result {
    }

    record Refused(Permission.Refusal reason) implements Result {
    }

    record NotFound() implements Result {
    }
}
