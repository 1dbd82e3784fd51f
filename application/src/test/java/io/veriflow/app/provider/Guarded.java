package io.veriflow.app.provider;

import io.veriflow.app.provider.ResilienceSettings.CircuitBreakerSettings;
import io.veriflow.app.provider.ResilienceSettings.RateLimiterSettings;
import io.veriflow.app.provider.ResilienceSettings.RetrySettings;
import io.veriflow.app.provider.ResilienceSettings.TimeLimiterSettings;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake provider behind the resilience decorator, with a recording pause and a test clock; close it to stop the
 * call threads.
 */
final class Guarded implements AutoCloseable {

    final FakeVerificationProvider fake = new FakeVerificationProvider();
    final RecordingPause pause = new RecordingPause();
    final MutableClock clock = new MutableClock();
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    ResilientVerificationProvider with(ResilienceSettings settings) {
        return new ResilientVerificationProvider(fake, settings, clock, calls, pause);
    }

    ResilientVerificationProvider withDefaults() {
        return with(ResilienceSettings.defaults());
    }

    static RetrySettings retry(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
            double jitter) {
        return new RetrySettings(maxAttempts, initialBackoff, multiplier, maxBackoff, jitter);
    }

    static RetrySettings noRetries() {
        return retry(1, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10), 0.5);
    }

    static CircuitBreakerSettings breaker(int window, Duration waitInOpenState, int permittedInHalfOpen) {
        return new CircuitBreakerSettings(50, window, window, waitInOpenState, permittedInHalfOpen);
    }

    static TimeLimiterSettings timeout(Duration timeout) {
        return new TimeLimiterSettings(timeout);
    }

    static RateLimiterSettings rateLimit(int perPeriod, Duration period) {
        return new RateLimiterSettings(perPeriod, period, Duration.ZERO);
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
