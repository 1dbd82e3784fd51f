package io.veriflow.app.api.testprovider;

import io.micronaut.context.annotation.Requires;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
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
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST ONLY: a provider ({@code testprov}) for the sessions API ITs while no real adapter exists. What it does is
 * chosen by the session's template:
 * <ul>
 *   <li>{@code tmpl_passed} / {@code tmpl_failed}: the attempt is decided at once (the first snapshot says so);</li>
 *   <li>{@code tmpl_unavailable}: every start fails with {@code ProviderUnavailable}, retry after 30 seconds;</li>
 *   <li>{@code tmpl_rejected}: every start fails with {@code ProviderRejected};</li>
 *   <li>{@code tmpl_broken}: every start fails with a bug (an {@code IllegalStateException});</li>
 *   <li>{@code tmpl_gated}: a start waits at the current {@link Gate} until the test opens it;</li>
 *   <li>anything else: the attempt is created and not started.</li>
 * </ul>
 * Launch tokens are {@code tp-token-<n>}; every start, resume and retry answers a fresh one.
 */
@Singleton
@Requires(property = TestProvider.ENABLED, value = "true")
public final class TestProvider implements VerificationProvider {

    public static final String ENABLED = "veriflow.test.api-provider";
    public static final ProviderId ID = new ProviderId("testprov");
    /** A message no response may ever show. */
    public static final String BUG_MESSAGE = "database password hunter2 at io.veriflow.Secret";

    private final Clock clock;
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger starts = new AtomicInteger();
    private final Map<ProviderRef, Snapshot> attempts = new ConcurrentHashMap<>();
    private volatile Gate gate = new Gate();

    TestProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ProviderId id() {
        return ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(ResumeSupport.OPEN_ATTEMPTS, EnumSet.allOf(RetryMode.class), WebhookStyle.THIN,
                new ExpiryPolicy.ProviderExpires());
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        starts.incrementAndGet();
        String template = request.template().value();
        switch (template) {
            case "tmpl_unavailable" -> throw new ProviderUnavailable("testprov is down for maintenance",
                    Optional.of(Duration.ofSeconds(30)));
            case "tmpl_rejected" -> throw new ProviderRejected("invalid_template", "testprov refused the template");
            case "tmpl_broken" -> throw new IllegalStateException(BUG_MESSAGE);
            case "tmpl_gated" -> gate.pass();
            default -> {
            }
        }
        SnapshotStatus status = switch (template) {
            case "tmpl_passed" -> SnapshotStatus.PASSED;
            case "tmpl_failed" -> SnapshotStatus.FAILED;
            default -> SnapshotStatus.NOT_STARTED;
        };
        ProviderRef ref = new ProviderRef("tp_" + counter.incrementAndGet());
        Snapshot snapshot = snapshot(ref, Optional.empty(), status, clock.instant());
        attempts.put(ref, snapshot);
        return new StartedAttempt(Optional.of(ref), launch(ref), Optional.of(snapshot));
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        Snapshot known = attempts.get(ref);
        if (known == null) {
            throw new ProviderRejected("not_found", "testprov knows no such attempt");
        }
        return known;
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        ProviderRef ref = request.ref().orElseThrow(() -> new ProviderRejected("no_ref", "nothing to resume"));
        return new ResumeGrant(launch(ref), Optional.empty());
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        ProviderRef ref = new ProviderRef("tp_" + counter.incrementAndGet());
        Snapshot snapshot = snapshot(ref, request.previous(), SnapshotStatus.NOT_STARTED, clock.instant());
        attempts.put(ref, snapshot);
        return new StartedAttempt(Optional.of(ref), launch(ref), Optional.of(snapshot));
    }

    /** How many starts reached the provider since the context started. */
    public int starts() {
        return starts.get();
    }

    /** A new gate for {@code tmpl_gated} starts to wait at. */
    public Gate newGate() {
        Gate fresh = new Gate();
        gate = fresh;
        return fresh;
    }

    private ClientLaunch launch(ProviderRef ref) {
        int n = counter.incrementAndGet();
        return new ClientLaunch(Optional.of(new ClientToken("tp-token-" + n)),
                Map.of("environment", "sandbox", "attempt", ref.value()),
                Optional.of(clock.instant().plus(Duration.ofMinutes(30))));
    }

    private static Snapshot snapshot(
            ProviderRef ref, Optional<ProviderRef> previous, SnapshotStatus status, Instant asOf) {
        List<Step> steps = switch (status) {
            case PASSED -> List.of(new Step(StandardStep.DOCUMENT, StepStatus.PASSED));
            case FAILED -> List.of(new Step(StandardStep.DOCUMENT, StepStatus.FAILED));
            default -> List.of(new Step(StandardStep.DOCUMENT, StepStatus.PENDING));
        };
        List<ReasonCode> reasons = List.of();
        return new Snapshot(ref, previous, Optional.empty(), status, status.name().toLowerCase(), steps, reasons,
                asOf);
    }

    /** Holds {@code tmpl_gated} starts until the test opens it. */
    public static final class Gate {

        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        void pass() {
            entered.countDown();
            try {
                if (!open.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
        }

        /** Waits until a start is held at the gate. */
        public boolean awaitEntered() throws InterruptedException {
            return entered.await(20, TimeUnit.SECONDS);
        }

        public void open() {
            open.countDown();
        }
    }
}
