package io.veriflow.app.provider;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.signal.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VerificationProvider} decorator that makes every call ({@code start}, {@code fetch}, {@code resume},
 * {@code retry}) resilient, with Resilience4j guards built per provider from {@link ResilienceSettings}.
 * {@code id()} and {@code capabilities()} pass straight through.
 *
 * <p><b>Order of decoration</b>, outside in: {@code Retry(CircuitBreaker(RateLimiter(TimeLimiter(call))))}.
 * <ul>
 *   <li><b>Retry outermost</b>, so every re-send is a fresh attempt that the breaker sees and counts, that needs its
 *       own rate permit, and that gets its own full timeout. With the retry inside the breaker, one call's retries
 *       would count as a single outcome and would keep going while the breaker is open.
 *   <li>The inner three are {@link GuardedAttempt}; its Javadoc explains their order.
 * </ul>
 * When the breaker opens between two attempts, the next attempt is refused without reaching the provider and the
 * refusal is not retried ({@link RetryRules}): retries never hammer an open breaker, and the caller gets
 * {@code ProviderUnavailable} with the breaker's remaining wait as {@code retryAfter}. What is retried, and after how
 * long, is {@link RetryRules}: reads and writes differ, because a timed-out write has an unknown outcome.
 *
 * <p>The retry loop runs on the caller's thread, driven by Resilience4j's {@link Retry.AsyncContext} (which returns
 * the wait instead of sleeping), so the backoff is spent in an injected {@link Pause} and retry attempts are visible
 * to the {@link RetryListener} the tracing decorator binds. The tracing decorator goes around this one.
 */
final class ResilientVerificationProvider implements VerificationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientVerificationProvider.class);

    private final VerificationProvider delegate;
    private final GuardedAttempt attempt;
    private final Map<ProviderOperation, Retry> retries = new EnumMap<>(ProviderOperation.class);
    private final Pause pause;

    /**
     * @param calls where each attempt's provider call runs, so that it can be timed out (virtual threads)
     * @param pause spends the backoff between attempts
     */
    ResilientVerificationProvider(
            VerificationProvider delegate, ResilienceSettings settings, Clock clock, ExecutorService calls, Pause pause) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.pause = Objects.requireNonNull(pause, "pause must not be null");
        ProviderId id = delegate.id();
        this.attempt = new GuardedAttempt(id, settings, clock, calls);
        for (ProviderOperation operation : ProviderOperation.values()) {
            retries.put(operation, Retry.of("provider-" + id.value() + "-" + operation.label(),
                    RetryRules.forOperation(operation, settings.retry())));
        }
    }

    @Override
    public ProviderId id() {
        return delegate.id();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        return call(ProviderOperation.START, () -> delegate.start(request));
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        return call(ProviderOperation.FETCH, () -> delegate.fetch(ref));
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        return call(ProviderOperation.RESUME, () -> delegate.resume(request));
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        return call(ProviderOperation.RETRY, () -> delegate.retry(request));
    }

    /** The breaker's state, for tests and diagnostics. */
    CircuitBreaker.State breakerState() {
        return attempt.breakerState();
    }

    private <T> T call(ProviderOperation operation, Supplier<T> call) {
        Retry.AsyncContext<T> retry = retries.get(operation).asyncContext();
        RetryListener listener = RetryListener.current();
        for (int number = 1; ; number++) {
            RuntimeException failure;
            try {
                T result = attempt.run(call);
                retry.onComplete();
                return result;
            } catch (RuntimeException e) {
                failure = e;
            }
            long waitMillis = retry.onError(failure);
            if (waitMillis < 0) {
                throw failure;
            }
            Duration wait = Duration.ofMillis(waitMillis);
            LOG.debug("Provider {} {}: attempt {} failed ({}), retrying in {}",
                    delegate.id(), operation.label(), number, describe(failure), wait);
            listener.retrying(number, wait, failure);
            if (!pauseFor(wait)) {
                throw failure;
            }
        }
    }

    private boolean pauseFor(Duration wait) {
        try {
            return pause.await(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Failure messages of the domain's failures are written to be safe to log; other messages are not logged. */
    private static String describe(RuntimeException failure) {
        return failure instanceof ProviderFailure
                ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                : failure.getClass().getSimpleName();
    }
}
