package io.veriflow.app.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * How one provider's calls are guarded: validated, immutable, and the only form of the configuration the decorators
 * see. {@link #defaults()} is what a provider without configuration gets.
 */
record ResilienceSettings(
        RetrySettings retry,
        CircuitBreakerSettings circuitBreaker,
        TimeLimiterSettings timeLimiter,
        RateLimiterSettings rateLimiter) {

    public ResilienceSettings {
        Objects.requireNonNull(retry, "retry settings must not be null");
        Objects.requireNonNull(circuitBreaker, "circuit breaker settings must not be null");
        Objects.requireNonNull(timeLimiter, "time limiter settings must not be null");
        Objects.requireNonNull(rateLimiter, "rate limiter settings must not be null");
    }

    public static ResilienceSettings defaults() {
        return new ResilienceSettings(
                new RetrySettings(4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10), 0.5),
                new CircuitBreakerSettings(50, 20, 10, Duration.ofSeconds(30), 3),
                new TimeLimiterSettings(Duration.ofSeconds(10)),
                new RateLimiterSettings(50, Duration.ofSeconds(1), Duration.ZERO));
    }

    public ResilienceSettings withRetry(RetrySettings replacement) {
        return new ResilienceSettings(replacement, circuitBreaker, timeLimiter, rateLimiter);
    }

    public ResilienceSettings withCircuitBreaker(CircuitBreakerSettings replacement) {
        return new ResilienceSettings(retry, replacement, timeLimiter, rateLimiter);
    }

    public ResilienceSettings withTimeLimiter(TimeLimiterSettings replacement) {
        return new ResilienceSettings(retry, circuitBreaker, replacement, rateLimiter);
    }

    public ResilienceSettings withRateLimiter(RateLimiterSettings replacement) {
        return new ResilienceSettings(retry, circuitBreaker, timeLimiter, replacement);
    }

    /**
     * Exponential backoff with jitter: the wait before retry {@code n} is {@code initialBackoff * multiplier^(n-1)},
     * spread uniformly by {@code ±jitter} of itself, then capped at {@code maxBackoff}.
     *
     * @param maxAttempts all attempts of one call, the first included ({@code 1} turns retries off)
     * @param jitter the randomization factor, from {@code 0} (none) to {@code 1}
     */
    public record RetrySettings(
            int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter) {

        public RetrySettings {
            atLeast(1, maxAttempts, "retry max-attempts");
            atLeastOneMilli(initialBackoff, "retry initial-backoff");
            if (!(multiplier >= 1.0)) {
                throw new IllegalArgumentException("retry multiplier must be at least 1.0, was " + multiplier);
            }
            atLeastOneMilli(maxBackoff, "retry max-backoff");
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("retry max-backoff must not be shorter than initial-backoff");
            }
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("retry jitter must be between 0.0 and 1.0, was " + jitter);
            }
        }
    }

    /**
     * A count-based breaker: it opens when at least {@code failureRateThreshold} percent of the last
     * {@code slidingWindowSize} calls failed (once {@code minimumNumberOfCalls} were made), refuses calls for
     * {@code waitInOpenState}, then lets {@code permittedCallsInHalfOpen} trial calls decide whether to close.
     */
    public record CircuitBreakerSettings(
            float failureRateThreshold,
            int slidingWindowSize,
            int minimumNumberOfCalls,
            Duration waitInOpenState,
            int permittedCallsInHalfOpen) {

        public CircuitBreakerSettings {
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
                throw new IllegalArgumentException(
                        "circuit-breaker failure-rate-threshold must be in (0, 100], was " + failureRateThreshold);
            }
            atLeast(1, slidingWindowSize, "circuit-breaker sliding-window-size");
            atLeast(1, minimumNumberOfCalls, "circuit-breaker minimum-number-of-calls");
            atLeastOneMilli(waitInOpenState, "circuit-breaker wait-in-open-state");
            atLeast(1, permittedCallsInHalfOpen, "circuit-breaker permitted-calls-in-half-open");
        }
    }

    /** @param timeout how long one attempt may take before it counts as unavailable */
    public record TimeLimiterSettings(Duration timeout) {

        public TimeLimiterSettings {
            atLeastOneMilli(timeout, "time-limiter timeout");
        }
    }

    /**
     * At most {@code limitForPeriod} calls start per {@code limitRefreshPeriod}; a call waits up to
     * {@code timeoutDuration} for a permit (zero: it does not wait).
     */
    public record RateLimiterSettings(int limitForPeriod, Duration limitRefreshPeriod, Duration timeoutDuration) {

        public RateLimiterSettings {
            atLeast(1, limitForPeriod, "rate-limiter limit-for-period");
            atLeastOneMilli(limitRefreshPeriod, "rate-limiter limit-refresh-period");
            Objects.requireNonNull(timeoutDuration, "rate-limiter timeout-duration must not be null");
            if (timeoutDuration.isNegative()) {
                throw new IllegalArgumentException("rate-limiter timeout-duration must not be negative");
            }
        }
    }

    private static void atLeast(int minimum, int value, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
    }

    private static void atLeastOneMilli(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1ms, was " + value);
        }
    }
}
