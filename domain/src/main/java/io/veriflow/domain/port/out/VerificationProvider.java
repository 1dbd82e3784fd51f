package io.veriflow.domain.port.out;

import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.signal.Snapshot;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider SPI: one implementation per adapter module. Every method may throw a {@link ProviderFailure}; the
 * application wraps each call in retries, a circuit breaker and a time limiter, so implementations make one attempt.
 */
public interface VerificationProvider {

    ProviderId id();

    ProviderCapabilities capabilities();

    /** Creates what the front end needs to run the flow, and the attempt itself where the provider creates it up front. */
    StartedAttempt start(StartRequest request);

    /** The authoritative state of one attempt. */
    Snapshot fetch(ProviderRef ref);

    /** A way back into an open (or, where supported, expired) attempt. */
    ResumeGrant resume(ResumeRequest request);

    /** A new attempt replacing {@code request.previous()}. */
    StartedAttempt retry(RetryRequest request);

    record StartRequest(
            SessionId session, TenantId tenant, SubjectRef subject, TemplateRef template, IdempotencyKey key) {
        public StartRequest {
            Objects.requireNonNull(session, "session must not be null");
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(subject, "subject must not be null");
            Objects.requireNonNull(template, "template must not be null");
            Objects.requireNonNull(key, "key must not be null");
        }
    }

    /**
     * @param ref the attempt, when the provider created it now (absent when the client creates it, as Plaid Link does)
     * @param launch what the front end needs
     * @param snapshot the attempt's state as returned by the provider, if it returned one
     */
    record StartedAttempt(Optional<ProviderRef> ref, ClientLaunch launch, Optional<Snapshot> snapshot) {
        public StartedAttempt {
            Objects.requireNonNull(ref, "ref must not be null (use Optional.empty())");
            Objects.requireNonNull(launch, "launch must not be null");
            Objects.requireNonNull(snapshot, "snapshot must not be null (use Optional.empty())");
        }
    }

    record ResumeRequest(SessionId session, Optional<ProviderRef> ref, SubjectRef subject, TemplateRef template,
            IdempotencyKey key) {
        public ResumeRequest {
            Objects.requireNonNull(session, "session must not be null");
            Objects.requireNonNull(ref, "ref must not be null (use Optional.empty())");
            Objects.requireNonNull(subject, "subject must not be null");
            Objects.requireNonNull(template, "template must not be null");
            Objects.requireNonNull(key, "key must not be null");
        }
    }

    /** @param snapshot the attempt as the provider sees it after reopening, when it says */
    record ResumeGrant(ClientLaunch launch, Optional<Snapshot> snapshot) {
        public ResumeGrant {
            Objects.requireNonNull(launch, "launch must not be null");
            Objects.requireNonNull(snapshot, "snapshot must not be null (use Optional.empty())");
        }
    }

    record RetryRequest(SessionId session, Optional<ProviderRef> previous, SubjectRef subject, TemplateRef template,
            RetryPlan plan) {
        public RetryRequest {
            Objects.requireNonNull(session, "session must not be null");
            Objects.requireNonNull(previous, "previous must not be null (use Optional.empty())");
            Objects.requireNonNull(subject, "subject must not be null");
            Objects.requireNonNull(template, "template must not be null");
            Objects.requireNonNull(plan, "plan must not be null");
        }
    }
}
