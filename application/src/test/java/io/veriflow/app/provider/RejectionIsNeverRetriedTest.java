package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.veriflow.domain.port.out.ProviderRejected;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RejectionIsNeverRetriedTest {

    private final Guarded guarded = new Guarded();

    @AfterEach
    void stopCalls() {
        guarded.close();
    }

    @ParameterizedTest
    @EnumSource(ProviderOperation.class)
    void aRejectedCallReachesTheProviderExactlyOnce(ProviderOperation operation) {
        ResilientVerificationProvider provider = guarded.withDefaults();
        ProviderRejected rejected = new ProviderRejected("INVALID_FIELD", "template is not active");
        guarded.fake.thenFail(rejected);

        assertThatThrownBy(() -> Requests.call(provider, operation)).isSameAs(rejected);

        assertThat(guarded.fake.calls(operation)).isEqualTo(1);
        assertThat(guarded.pause.waits()).isEmpty();
    }

    @Test
    void rejectionsAreAnswersAndNeverOpenTheBreaker() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withCircuitBreaker(Guarded.breaker(4, Duration.ofSeconds(30), 1)));
        guarded.fake.thenFail(10, () -> new ProviderRejected("404", "attempt not found"));

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> Requests.call(provider, ProviderOperation.FETCH))
                    .isInstanceOf(ProviderRejected.class);
        }

        assertThat(provider.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(10);
    }
}
