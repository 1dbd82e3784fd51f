package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final Duration PERIOD = Duration.ofMinutes(1);

    private final Guarded guarded = new Guarded();

    @AfterEach
    void stopCalls() {
        guarded.close();
    }

    @Test
    void withoutAPermitACallIsRefusedWithRetryAfterAndNeverReachesTheProvider() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withRateLimiter(Guarded.rateLimit(2, PERIOD)));
        provider.fetch(FakeVerificationProvider.REF);
        provider.fetch(FakeVerificationProvider.REF);

        ProviderUnavailable refused = catchThrowableOfType(ProviderUnavailable.class,
                () -> provider.fetch(FakeVerificationProvider.REF));

        assertThat(refused).hasMessageContaining("rate limit").hasCauseInstanceOf(RequestNotPermitted.class);
        assertThat(refused.retryAfter()).hasValueSatisfying(after ->
                assertThat(after).isPositive().isLessThanOrEqualTo(PERIOD));
        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(2);
        assertThat(guarded.pause.waits()).as("a local refusal is not retried").isEmpty();
    }

    @Test
    void refusedPermitsDoNotCountAgainstTheProvider() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withRateLimiter(Guarded.rateLimit(1, PERIOD))
                .withCircuitBreaker(Guarded.breaker(2, Duration.ofSeconds(30), 1)));
        provider.fetch(FakeVerificationProvider.REF);

        for (int i = 0; i < 5; i++) {
            catchThrowableOfType(ProviderUnavailable.class, () -> provider.fetch(FakeVerificationProvider.REF));
        }

        assertThat(provider.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
