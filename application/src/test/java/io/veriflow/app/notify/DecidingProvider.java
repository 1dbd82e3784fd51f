package io.veriflow.app.notify;

import io.micronaut.context.annotation.Requires;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.WebhookStyle;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST ONLY: a provider ({@code notifytest}) whose attempts are decided at once: a start answers a snapshot that has
 * passed, so starting a session through {@code StartVerification} queues its started, step and decided notifications.
 */
@Singleton
@Requires(property = DecidingProvider.ENABLED, value = "true")
final class DecidingProvider implements VerificationProvider {

    static final String ENABLED = "veriflow.test.notify-provider";
    static final ProviderId ID = new ProviderId("notifytest");

    private final Clock clock;
    private final AtomicInteger counter = new AtomicInteger();

    DecidingProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ProviderId id() {
        return ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(ResumeSupport.OPEN_ATTEMPTS, Set.of(RetryMode.RESTART), WebhookStyle.THIN,
                new ExpiryPolicy.ProviderExpires());
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        ProviderRef ref = new ProviderRef("nt_" + counter.incrementAndGet());
        Snapshot passed = new Snapshot(ref, Optional.empty(), Optional.empty(), SnapshotStatus.PASSED, "passed",
                List.of(new Step(StandardStep.DOCUMENT, StepStatus.PASSED)), List.of(), clock.instant());
        return new StartedAttempt(Optional.of(ref),
                new ClientLaunch(Optional.of(new ClientToken("nt-token-" + counter.get())), Map.of(), Optional.empty()),
                Optional.of(passed));
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        throw new ProviderRejected("not_supported", "notifytest does not fetch");
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        throw new ProviderRejected("not_supported", "notifytest does not resume");
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        throw new ProviderRejected("not_supported", "notifytest does not retry");
    }
}
