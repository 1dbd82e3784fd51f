package io.veriflow.app.provider;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a provider call, through one provider's circuit breaker, rate limiter and time limiter, in that
 * order from the outside in: {@code CircuitBreaker(RateLimiter(TimeLimiter(call)))}.
 * <ul>
 *   <li>The <b>breaker</b> is checked first, so while it is open a call fails fast without spending a rate permit or a
 *       thread. It counts every {@link ProviderUnavailable} as a failure, our time limiter's timeouts included (they
 *       are unavailable answers by the time they reach it). A {@code ProviderRejected} is a call the provider answered,
 *       so it counts as a success; a {@link ProviderContractViolation}, a refused rate permit and any non-domain
 *       exception say nothing about availability and are ignored.
 *   <li>The <b>rate limiter</b> spends a permit only on attempts that will really be sent; a call that gets no permit
 *       within {@code timeout-duration} is not sent.
 *   <li>The <b>time limiter</b> is innermost, so it bounds exactly one request: the call runs on the executor (virtual
 *       threads), the caller waits at most {@code timeout}, then the running call is cancelled (interrupted) and the
 *       attempt becomes {@code ProviderUnavailable("timed out ...")} caused by a {@link TimeoutException}.
 * </ul>
 * Local refusals become {@code ProviderUnavailable} with a {@code retryAfter}: the breaker's remaining open time (its
 * configured wait when that is unknown, e.g. half-open with every trial call taken) or the time to the next rate
 * permit. Their cause is the Resilience4j exception, which is how {@link RetryRules} knows nothing was sent.
 */
final class GuardedAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedAttempt.class);

    private final CircuitBreaker breaker;
    private final AtomicRateLimiter limiter;
    private final TimeLimiter timeLimiter;
    private final Duration timeout;
    private final Duration waitInOpenState;
    private final Duration refreshPeriod;
    private final ExecutorService calls;
    private final Clock clock;
    private final AtomicReference<Instant> openedAt = new AtomicReference<>(Instant.EPOCH);

    /**
     * @param calls runs each attempt's provider call; it must propagate the caller's trace context (see
     *     {@link ProviderRegistry})
     * @param clock drives the breaker's open-state wait
     */
    GuardedAttempt(ProviderId provider, ResilienceSettings settings, Clock clock, ExecutorService calls) {
        this.clock = clock;
        this.calls = calls;
        this.timeout = settings.timeLimiter().timeout();
        this.waitInOpenState = settings.circuitBreaker().waitInOpenState();
        this.refreshPeriod = settings.rateLimiter().limitRefreshPeriod();
        String name = "provider-" + provider.value();
        this.breaker = CircuitBreaker.of(name, breakerConfig(settings.circuitBreaker(), clock));
        this.limiter = new AtomicRateLimiter(name, limiterConfig(settings.rateLimiter()));
        this.timeLimiter = TimeLimiter.of(name, TimeLimiterConfig.custom()
                .timeoutDuration(timeout)
                .cancelRunningFuture(true)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.set(clock.instant());
                LOG.warn("Circuit breaker of provider {} opened: calls fail fast for {}", provider, waitInOpenState);
            } else {
                LOG.info("Circuit breaker of provider {}: {}", provider, event.getStateTransition());
            }
        });
    }

    /** Runs one attempt, or refuses it. */
    <T> T run(Supplier<T> call) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker,
                RateLimiter.decorateSupplier(limiter, () -> timeLimited(call)));
        try {
            return guarded.get();
        } catch (CallNotPermittedException open) {
            throw new ProviderUnavailable("circuit breaker open", Optional.of(openBreakerWait()), open);
        } catch (RequestNotPermitted limited) {
            throw new ProviderUnavailable("rate limit reached", Optional.of(nextPermitWait()), limited);
        }
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private <T> T timeLimited(Supplier<T> call) {
        Callable<T> task = call::get;
        Future<T> running = calls.submit(task);
        try {
            return timeLimiter.executeFutureSupplier(() -> running);
        } catch (TimeoutException timedOut) {
            throw new ProviderUnavailable("timed out after " + timeout.toMillis() + "ms", Optional.empty(), timedOut);
        } catch (InterruptedException interrupted) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the provider");
        } catch (RuntimeException failure) {
            throw failure;
        } catch (Exception unexpected) {
            throw new IllegalStateException("provider call failed with a checked exception", unexpected);
        }
    }

    private Duration openBreakerWait() {
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            Duration left = Duration.between(clock.instant(), openedAt.get().plus(waitInOpenState));
            if (left.isPositive()) {
                return left;
            }
        }
        return waitInOpenState;
    }

    private Duration nextPermitWait() {
        long nanos = limiter.getDetailedMetrics().getNanosToWait();
        return nanos > 0 ? Duration.ofNanos(nanos) : refreshPeriod;
    }

    private static CircuitBreakerConfig breakerConfig(ResilienceSettings.CircuitBreakerSettings settings, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpen())
                .recordException(failure -> failure instanceof ProviderUnavailable)
                .ignoreException(failure ->
                        !(failure instanceof ProviderFailure) || failure instanceof ProviderContractViolation)
                .clock(clock)
                .build();
    }

    private static RateLimiterConfig limiterConfig(ResilienceSettings.RateLimiterSettings settings) {
        return RateLimiterConfig.custom()
                .limitForPeriod(settings.limitForPeriod())
                .limitRefreshPeriod(settings.limitRefreshPeriod())
                .timeoutDuration(settings.timeoutDuration())
                .build();
    }
}
