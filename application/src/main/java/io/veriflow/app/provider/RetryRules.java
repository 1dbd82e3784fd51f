package io.veriflow.app.provider;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.RetryConfig;
import io.veriflow.app.provider.ResilienceSettings.RetrySettings;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * When a failed attempt is tried again, and after how long.
 *
 * <p><b>What is retried.</b> Only {@link ProviderUnavailable}; a {@code ProviderRejected} or
 * {@code ProviderContractViolation} would fail the same way again, so it surfaces after one attempt. Among
 * unavailable answers ({@link Origin}):
 * <ul>
 *   <li>{@link Origin#PROVIDER}: the provider (or the network in front of it) said it could not answer. Retried for
 *       reads and writes. The SPI cannot tell a 429/503 "not processed" from a 502/504 "maybe processed", so this is a
 *       rule for adapters: a write's failure becomes {@code ProviderUnavailable} only when sending it again is safe
 *       (the provider did not process it, or the write carries an idempotency key); otherwise it is a
 *       {@code ProviderRejected} or a {@code TimeoutException}-caused {@code ProviderUnavailable}.
 *   <li>{@link Origin#TIMED_OUT}: our own time limiter gave up; the request may have been processed. Retried for
 *       {@code fetch} only. Writes are not re-sent: Plaid's {@code /identity_verification/retry} takes no idempotency
 *       key, so a second send could start a second attempt. The caller sees {@code ProviderUnavailable} and
 *       reconciles.
 *   <li>{@link Origin#REFUSED_LOCALLY}: our circuit breaker is open or the rate limiter had no permit; nothing was
 *       sent. Never retried here: retrying would only spin on a local gate (and an open breaker must not be
 *       hammered). The failure carries {@code retryAfter} so the caller (a reconcile task) reschedules; how long a
 *       call may wait for a permit is the rate limiter's own {@code timeout-duration}.
 * </ul>
 * A {@code retryAfter} longer than {@code max-backoff} is not waited out in-process either: the failure surfaces with
 * it, for the caller to reschedule.
 *
 * <p><b>How long.</b> Exponential backoff with jitter ({@link IntervalFunction#ofExponentialRandomBackoff}), and
 * never less than the provider's {@code retryAfter}: the wait is {@code max(retryAfter, backoff)}.
 */
final class RetryRules {

    /**
     * Where a {@link ProviderUnavailable} came from, read off its cause (the domain's failure stays as it is):
     * {@link GuardedAttempt} sets a Resilience4j {@code CallNotPermittedException} or {@code RequestNotPermitted}
     * when it refused the call, and a {@link TimeoutException} when the time limiter gave up. An adapter that wraps a
     * {@code TimeoutException} of its own gets the same, safe, treatment.
     */
    enum Origin {
        PROVIDER,
        TIMED_OUT,
        REFUSED_LOCALLY
    }

    private RetryRules() {
    }

    static RetryConfig forOperation(ProviderOperation operation, RetrySettings settings) {
        return operation.read() ? forReads(settings) : forWrites(settings);
    }

    private static RetryConfig forReads(RetrySettings settings) {
        return config(settings, origin -> origin != Origin.REFUSED_LOCALLY);
    }

    private static RetryConfig forWrites(RetrySettings settings) {
        return config(settings, origin -> origin == Origin.PROVIDER);
    }

    static Origin originOf(ProviderUnavailable unavailable) {
        return switch (unavailable.getCause()) {
            case CallNotPermittedException _, RequestNotPermitted _ -> Origin.REFUSED_LOCALLY;
            case TimeoutException _ -> Origin.TIMED_OUT;
            case null, default -> Origin.PROVIDER;
        };
    }

    private static RetryConfig config(RetrySettings settings, Predicate<Origin> retriedOrigins) {
        Predicate<Throwable> retryable = failure -> failure instanceof ProviderUnavailable unavailable
                && retriedOrigins.test(originOf(unavailable))
                && unavailable.retryAfter().map(after -> after.compareTo(settings.maxBackoff()) <= 0).orElse(true);
        return RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(retryable)
                .intervalBiFunction(waits(settings))
                .build();
    }

    /** {@code max(retryAfter, backoff(attempt))}, in milliseconds. */
    private static IntervalBiFunction<Object> waits(RetrySettings settings) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
                settings.initialBackoff(), settings.multiplier(), settings.jitter(), settings.maxBackoff());
        return (attempt, outcome) -> {
            long millis = backoff.apply(attempt);
            if (outcome.isLeft() && outcome.getLeft() instanceof ProviderUnavailable unavailable) {
                millis = Math.max(millis, unavailable.retryAfter().map(Duration::toMillis).orElse(0L));
            }
            return millis;
        };
    }
}
