package io.veriflow.app.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;

/**
 * Binds {@code veriflow.providers.<id>.resilience.*}, one bean per configured provider id. Every key is optional and
 * defaults to {@link ResilienceSettings#defaults()}; durations take Micronaut's forms ({@code 200ms}, {@code 10s},
 * {@code PT30S}). A provider with no entry at all gets the defaults from {@link ProviderRegistry}.
 *
 * <pre>
 * veriflow.providers.plaid.resilience:
 *   retry:           { max-attempts: 4, initial-backoff: 200ms, multiplier: 2.0, max-backoff: 10s, jitter: 0.5 }
 *   circuit-breaker: { failure-rate-threshold: 50, sliding-window-size: 20, minimum-number-of-calls: 10,
 *                      wait-in-open-state: 30s, permitted-calls-in-half-open: 3 }
 *   time-limiter:    { timeout: 10s }
 *   rate-limiter:    { limit-for-period: 50, limit-refresh-period: 1s, timeout-duration: 0s }
 * </pre>
 */
@EachProperty("veriflow.providers")
final class ProviderResilienceProperties {

    private static final ResilienceSettings DEFAULTS = ResilienceSettings.defaults();

    private final String name;
    private Resilience resilience = new Resilience();

    ProviderResilienceProperties(@Parameter String name) {
        this.name = name;
    }

    /** The provider id this entry configures (the key under {@code veriflow.providers}). */
    public String getName() {
        return name;
    }

    public Resilience getResilience() {
        return resilience;
    }

    public void setResilience(Resilience resilience) {
        this.resilience = resilience;
    }

    /** @throws IllegalArgumentException when a value is out of range */
    ResilienceSettings toSettings() {
        return resilience.toSettings();
    }

    /** {@code veriflow.providers.<id>.resilience}. */
    @ConfigurationProperties("resilience")
    public static final class Resilience {

        private Retry retry = new Retry();
        private CircuitBreaker circuitBreaker = new CircuitBreaker();
        private TimeLimiter timeLimiter = new TimeLimiter();
        private RateLimiter rateLimiter = new RateLimiter();

        public Retry getRetry() {
            return retry;
        }

        public void setRetry(Retry retry) {
            this.retry = retry;
        }

        public CircuitBreaker getCircuitBreaker() {
            return circuitBreaker;
        }

        public void setCircuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
        }

        public TimeLimiter getTimeLimiter() {
            return timeLimiter;
        }

        public void setTimeLimiter(TimeLimiter timeLimiter) {
            this.timeLimiter = timeLimiter;
        }

        public RateLimiter getRateLimiter() {
            return rateLimiter;
        }

        public void setRateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = rateLimiter;
        }

        ResilienceSettings toSettings() {
            return new ResilienceSettings(
                    retry.toSettings(), circuitBreaker.toSettings(), timeLimiter.toSettings(), rateLimiter.toSettings());
        }

        /** {@code ...resilience.retry}. */
        @ConfigurationProperties("retry")
        public static final class Retry {

            private int maxAttempts = DEFAULTS.retry().maxAttempts();
            private Duration initialBackoff = DEFAULTS.retry().initialBackoff();
            private double multiplier = DEFAULTS.retry().multiplier();
            private Duration maxBackoff = DEFAULTS.retry().maxBackoff();
            private double jitter = DEFAULTS.retry().jitter();

            public int getMaxAttempts() {
                return maxAttempts;
            }

            public void setMaxAttempts(int maxAttempts) {
                this.maxAttempts = maxAttempts;
            }

            public Duration getInitialBackoff() {
                return initialBackoff;
            }

            public void setInitialBackoff(Duration initialBackoff) {
                this.initialBackoff = initialBackoff;
            }

            public double getMultiplier() {
                return multiplier;
            }

            public void setMultiplier(double multiplier) {
                this.multiplier = multiplier;
            }

            public Duration getMaxBackoff() {
                return maxBackoff;
            }

            public void setMaxBackoff(Duration maxBackoff) {
                this.maxBackoff = maxBackoff;
            }

            public double getJitter() {
                return jitter;
            }

            public void setJitter(double jitter) {
                this.jitter = jitter;
            }

            ResilienceSettings.RetrySettings toSettings() {
                return new ResilienceSettings.RetrySettings(maxAttempts, initialBackoff, multiplier, maxBackoff, jitter);
            }
        }

        /** {@code ...resilience.circuit-breaker}. */
        @ConfigurationProperties("circuit-breaker")
        public static final class CircuitBreaker {

            private float failureRateThreshold = DEFAULTS.circuitBreaker().failureRateThreshold();
            private int slidingWindowSize = DEFAULTS.circuitBreaker().slidingWindowSize();
            private int minimumNumberOfCalls = DEFAULTS.circuitBreaker().minimumNumberOfCalls();
            private Duration waitInOpenState = DEFAULTS.circuitBreaker().waitInOpenState();
            private int permittedCallsInHalfOpen = DEFAULTS.circuitBreaker().permittedCallsInHalfOpen();

            public float getFailureRateThreshold() {
                return failureRateThreshold;
            }

            public void setFailureRateThreshold(float failureRateThreshold) {
                this.failureRateThreshold = failureRateThreshold;
            }

            public int getSlidingWindowSize() {
                return slidingWindowSize;
            }

            public void setSlidingWindowSize(int slidingWindowSize) {
                this.slidingWindowSize = slidingWindowSize;
            }

            public int getMinimumNumberOfCalls() {
                return minimumNumberOfCalls;
            }

            public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
                this.minimumNumberOfCalls = minimumNumberOfCalls;
            }

            public Duration getWaitInOpenState() {
                return waitInOpenState;
            }

            public void setWaitInOpenState(Duration waitInOpenState) {
                this.waitInOpenState = waitInOpenState;
            }

            public int getPermittedCallsInHalfOpen() {
                return permittedCallsInHalfOpen;
            }

            public void setPermittedCallsInHalfOpen(int permittedCallsInHalfOpen) {
                this.permittedCallsInHalfOpen = permittedCallsInHalfOpen;
            }

            ResilienceSettings.CircuitBreakerSettings toSettings() {
                return new ResilienceSettings.CircuitBreakerSettings(failureRateThreshold, slidingWindowSize,
                        minimumNumberOfCalls, waitInOpenState, permittedCallsInHalfOpen);
            }
        }

        /** {@code ...resilience.time-limiter}. */
        @ConfigurationProperties("time-limiter")
        public static final class TimeLimiter {

            private Duration timeout = DEFAULTS.timeLimiter().timeout();

            public Duration getTimeout() {
                return timeout;
            }

            public void setTimeout(Duration timeout) {
                this.timeout = timeout;
            }

            ResilienceSettings.TimeLimiterSettings toSettings() {
                return new ResilienceSettings.TimeLimiterSettings(timeout);
            }
        }

        /** {@code ...resilience.rate-limiter}. */
        @ConfigurationProperties("rate-limiter")
        public static final class RateLimiter {

            private int limitForPeriod = DEFAULTS.rateLimiter().limitForPeriod();
            private Duration limitRefreshPeriod = DEFAULTS.rateLimiter().limitRefreshPeriod();
            private Duration timeoutDuration = DEFAULTS.rateLimiter().timeoutDuration();

            public int getLimitForPeriod() {
                return limitForPeriod;
            }

            public void setLimitForPeriod(int limitForPeriod) {
                this.limitForPeriod = limitForPeriod;
            }

            public Duration getLimitRefreshPeriod() {
                return limitRefreshPeriod;
            }

            public void setLimitRefreshPeriod(Duration limitRefreshPeriod) {
                this.limitRefreshPeriod = limitRefreshPeriod;
            }

            public Duration getTimeoutDuration() {
                return timeoutDuration;
            }

            public void setTimeoutDuration(Duration timeoutDuration) {
                this.timeoutDuration = timeoutDuration;
            }

            ResilienceSettings.RateLimiterSettings toSettings() {
                return new ResilienceSettings.RateLimiterSettings(limitForPeriod, limitRefreshPeriod, timeoutDuration);
            }
        }
    }
}
