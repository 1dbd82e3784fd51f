package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BreakerOpensAndRecoversTest {

    private static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(30);

    private final Guarded guarded = new Guarded();

    @AfterEach
    void stopCalls() {
        guarded.close();
    }

    @Test
    void afterEnoughFailuresCallsFailFastThenATrialSuccessClosesTheBreaker() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withRetry(Guarded.noRetries())
                .withCircuitBreaker(Guarded.breaker(4, WAIT_IN_OPEN_STATE, 1)));
        guarded.fake.thenFail(4, () -> new ProviderUnavailable("HTTP 503", Optional.empty()));
        for (int i = 0; i < 4; i++) {
            fetchFailure(provider);
        }
        assertThat(provider.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        ProviderUnavailable refused = fetchFailure(provider);
        assertThat(refused.getCause()).isInstanceOf(CallNotPermittedException.class);
        assertThat(refused.retryAfter()).contains(WAIT_IN_OPEN_STATE);
        guarded.clock.advance(Duration.ofSeconds(10));
        assertThat(fetchFailure(provider).retryAfter()).contains(Duration.ofSeconds(20));
        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(4);

        guarded.clock.advance(Duration.ofSeconds(20).plusMillis(1));
        provider.fetch(FakeVerificationProvider.REF);

        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(5);
        assertThat(provider.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedTrialCallOpensTheBreakerForAnotherFullWait() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withRetry(Guarded.noRetries())
                .withCircuitBreaker(Guarded.breaker(2, WAIT_IN_OPEN_STATE, 1)));
        guarded.fake.thenFail(3, () -> new ProviderUnavailable("HTTP 503", Optional.empty()));
        fetchFailure(provider);
        fetchFailure(provider);
        guarded.clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        fetchFailure(provider);

        assertThat(provider.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fetchFailure(provider).retryAfter()).contains(WAIT_IN_OPEN_STATE);
        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(3);
    }

    /** Retries stop at an open breaker: the refusal is not retried and carries the breaker's wait. */
    @Test
    void retriesDoNotHammerABreakerThatOpensMidCall() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withCircuitBreaker(Guarded.breaker(2, WAIT_IN_OPEN_STATE, 1)));
        guarded.fake.thenFail(4, () -> new ProviderUnavailable("HTTP 503", Optional.empty()));

        ProviderUnavailable failure = fetchFailure(provider);

        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(2);
        assertThat(guarded.pause.waits()).hasSize(2);
        assertThat(failure.getCause()).isInstanceOf(CallNotPermittedException.class);
        assertThat(failure.retryAfter()).contains(WAIT_IN_OPEN_STATE);
    }

    @Test
    void timeoutsCountAsFailures() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withRetry(Guarded.noRetries())
                .withCircuitBreaker(Guarded.breaker(2, WAIT_IN_OPEN_STATE, 1))
                .withTimeLimiter(Guarded.timeout(Duration.ofMillis(100))));
        guarded.fake.thenBlock(2);

        fetchFailure(provider);
        fetchFailure(provider);

        assertThat(provider.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private static ProviderUnavailable fetchFailure(ResilientVerificationProvider provider) {
        return catchThrowableOfType(ProviderUnavailable.class,
                () -> provider.fetch(FakeVerificationProvider.REF));
    }
}
