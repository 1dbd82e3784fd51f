package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.veriflow.domain.port.out.ProviderContractViolation;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContractViolationIsNeverRetriedTest {

    private final Guarded guarded = new Guarded();

    @AfterEach
    void stopCalls() {
        guarded.close();
    }

    @ParameterizedTest
    @EnumSource(ProviderOperation.class)
    void aContractViolationReachesTheProviderExactlyOnce(ProviderOperation operation) {
        ResilientVerificationProvider provider = guarded.withDefaults();
        ProviderContractViolation violation = new ProviderContractViolation("status field missing");
        guarded.fake.thenFail(violation);

        assertThatThrownBy(() -> Requests.call(provider, operation)).isSameAs(violation);

        assertThat(guarded.fake.calls(operation)).isEqualTo(1);
        assertThat(guarded.pause.waits()).isEmpty();
    }

    @Test
    void contractViolationsDoNotOpenTheBreaker() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withCircuitBreaker(Guarded.breaker(4, Duration.ofSeconds(30), 1)));
        guarded.fake.thenFail(10, () -> new ProviderContractViolation("unexpected payload"));

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> Requests.call(provider, ProviderOperation.FETCH))
                    .isInstanceOf(ProviderContractViolation.class);
        }

        assertThat(provider.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
