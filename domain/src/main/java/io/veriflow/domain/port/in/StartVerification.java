package io.veriflow.domain.port.in;

import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.session.VerificationSession;
import java.util.Objects;

/** Starts verifying a subject through a provider. */
public interface StartVerification {

    Result start(Command command);

    record Command(
            TenantId tenant, ProviderId provider, SubjectRef subject, TemplateRef template, IdempotencyKey key) {
        public Command {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(provider, "provider must not be null");
            Objects.requireNonNull(subject, "subject must not be null");
            Objects.requireNonNull(template, "template must not be null");
            Objects.requireNonNull(key, "key must not be null");
        }
    }

    sealed interface Result {
    }

    /** The session and what the front end needs to open the provider's flow. */
    record Started(VerificationSession session, ClientLaunch launch) implements Result {
    }

    /** No adapter for that provider is installed. */
    record UnknownProvider(ProviderId provider) implements Result {
    }
}
