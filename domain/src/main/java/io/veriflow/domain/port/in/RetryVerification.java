package io.veriflow.domain.port.in;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.Permission;
import io.veriflow.domain.session.VerificationSession;
import java.util.Objects;
import java.util.Optional;

/** Replaces a failed or expired attempt with a new one. */
public interface RetryVerification {

    Result retry(Command command);

    /** @param plan the retry plan; when empty, the deployment's configured default for the provider */
    record Command(TenantId tenant, SessionId session, Optional<RetryPlan> plan) {
        public Command {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(session, "session must not be null");
            Objects.requireNonNull(plan, "plan must not be null (use Optional.empty())");
        }
    }

    sealed interface Result {
    }

    record Retried(VerificationSession session, ClientLaunch launch) implements Result {
    }

    record Refused(Permission.Refusal reason) implements Result {
    }

    record NotFound() implements Result {
    }
}
