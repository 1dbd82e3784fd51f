package io.veriflow.app.provider;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.WebhookStyle;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A provider whose next answers the test scripts: each call, whatever the operation, takes the next scripted step
 * (answer, fail, or block until interrupted); with nothing scripted it answers. Counts the calls that reached it.
 */
final class FakeVerificationProvider implements VerificationProvider {

    static final ProviderRef REF = new ProviderRef("idv_fake0001");
    static final ClientToken TOKEN = new ClientToken("link-sandbox-secret-token-0001");

    private final ProviderId id;
    private final Queue<Step> script = new ConcurrentLinkedQueue<>();
    private final Map<ProviderOperation, AtomicInteger> calls = new EnumMap<>(ProviderOperation.class);
    private final Semaphore entered = new Semaphore(0);
    private final Semaphore interrupted = new Semaphore(0);
    private final CountDownLatch neverReleased = new CountDownLatch(1);
    private final List<SpanContext> spansSeen = new CopyOnWriteArrayList<>();

    FakeVerificationProvider() {
        this(new ProviderId("fake"));
    }

    FakeVerificationProvider(ProviderId id) {
        this.id = id;
        for (ProviderOperation operation : ProviderOperation.values()) {
            calls.put(operation, new AtomicInteger());
        }
    }

    /** Scripts the next call to throw {@code failure}. */
    FakeVerificationProvider thenFail(RuntimeException failure) {
        script.add(new Step.Fail(() -> failure));
        return this;
    }

    /** Scripts the next {@code times} calls to throw a fresh failure each. */
    FakeVerificationProvider thenFail(int times, Supplier<? extends RuntimeException> failure) {
        for (int i = 0; i < times; i++) {
            script.add(new Step.Fail(failure));
        }
        return this;
    }

    /** Scripts the next {@code times} calls to block until interrupted (a latch nobody releases). */
    FakeVerificationProvider thenBlock(int times) {
        for (int i = 0; i < times; i++) {
            script.add(new Step.Block());
        }
        return this;
    }

    int calls(ProviderOperation operation) {
        return calls.get(operation).get();
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Waits until {@code count} calls have reached this provider since the last wait; false after {@code limit}. */
    boolean awaitCalls(int count, Duration limit) throws InterruptedException {
        return entered.tryAcquire(count, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits until {@code count} blocked calls have been interrupted (cancelled); false after {@code limit}. */
    boolean awaitInterrupted(int count, Duration limit) throws InterruptedException {
        return interrupted.tryAcquire(count, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The span that was current on the thread of each call. */
    List<SpanContext> spansSeen() {
        return spansSeen;
    }

    @Override
    public ProviderId id() {
        return id;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(ResumeSupport.OPEN_ATTEMPTS, EnumSet.of(RetryMode.RESTART), WebhookStyle.THIN,
                new ExpiryPolicy.PlatformExpires(Duration.ofDays(7)));
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        enter(ProviderOperation.START);
        return new StartedAttempt(Optional.of(REF), launch(), Optional.empty());
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        enter(ProviderOperation.FETCH);
        return new Snapshot(ref, Optional.empty(), Optional.of(Requests.SUBJECT), SnapshotStatus.IN_PROGRESS, "active",
                List.of(), List.of(), Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        enter(ProviderOperation.RESUME);
        return new ResumeGrant(launch(), Optional.empty());
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        enter(ProviderOperation.RETRY);
        return new StartedAttempt(Optional.of(new ProviderRef("idv_fake0002")), launch(), Optional.empty());
    }

    private void enter(ProviderOperation operation) {
        calls.get(operation).incrementAndGet();
        spansSeen.add(Span.current().getSpanContext());
        entered.release();
        Step step = script.poll();
        switch (step) {
            case null -> { }
            case Step.Fail fail -> throw fail.failure().get();
            case Step.Block _ -> blockUntilInterrupted();
        }
    }

    private void blockUntilInterrupted() {
        try {
            neverReleased.await();
        } catch (InterruptedException e) {
            interrupted.release();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("blocked call interrupted");
        }
        throw new AssertionError("the latch is never released");
    }

    private static ClientLaunch launch() {
        return new ClientLaunch(Optional.of(TOKEN), Map.of(), Optional.empty());
    }

    private sealed interface Step {

        record Fail(Supplier<? extends RuntimeException> failure) implements Step {
        }

        record Block() implements Step {
        }
    }
}
