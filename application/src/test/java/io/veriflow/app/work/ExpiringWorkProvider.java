package io.veriflow.app.work;

import io.micronaut.context.annotation.Requires;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.WebhookStyle;
import io.veriflow.domain.signal.Snapshot;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;

/** A test provider, {@value #NAME}, that does not expire attempts: the platform expires them after 30 minutes. */
@Singleton
@Requires(property = "veriflow.test.work-providers", value = "true")
final class ExpiringWorkProvider implements VerificationProvider {

    static final String NAME = "workexp";
    static final ProviderId ID = new ProviderId(NAME);
    static final Duration LIFETIME = Duration.ofMinutes(30);

    @Override
    public ProviderId id() {
        return ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(ResumeSupport.NONE, Set.of(), WebhookStyle.THIN,
                new ExpiryPolicy.PlatformExpires(LIFETIME));
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        throw new ProviderRejected("not_found", "the expiry tests never reconcile");
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        throw new UnsupportedOperationException("the work tests add sessions directly");
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        throw new ProviderRejected("not_supported", "this test provider only starts and fetches");
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        throw new ProviderRejected("not_supported", "this test provider only starts and fetches");
    }
}
