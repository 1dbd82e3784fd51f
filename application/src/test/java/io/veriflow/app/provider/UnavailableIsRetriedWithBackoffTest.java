package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriflow.domain.port.out.ProviderUnavailable;
import io.veriflow.domain.signal.Snapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UnavailableIsRetriedWithBackoffTest {

    private final Guarded guarded = new Guarded();

    @AfterEach
    void stopCalls() {
        guarded.close();
    }

    /** Defaults: 4 attempts, 200ms doubling, jitter 0.5, so the waits lie in [100, 300), [200, 600), [400, 1200). */
    @RepeatedTest(5)
    void threeFailuresThenSuccessTakeFourCallsWithExponentialWaitsWithinTheJitter() {
        ResilientVerificationProvider provider = guarded.withDefaults();
        guarded.fake.thenFail(3, () -> unavailable());

        Snapshot snapshot = provider.fetch(FakeVerificationProvider.REF);

        assertThat(snapshot.ref()).isEqualTo(FakeVerificationProvider.REF);
        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(4);
        List<Duration> waits = guarded.pause.waits();
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(400), Duration.ofMillis(1200));
    }

    @Test
    void withoutJitterEachWaitIsTheMultipleOfTheOneBeforeUpToTheMaximum() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withRetry(Guarded.retry(5, Duration.ofMillis(200), 3.0, Duration.ofMillis(2000), 0.0)));
        guarded.fake.thenFail(4, () -> unavailable());

        provider.fetch(FakeVerificationProvider.REF);

        assertThat(guarded.pause.waits()).containsExactly(
                Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofMillis(1800), Duration.ofMillis(2000));
    }

    @Test
    void whenEveryAttemptFailsTheLastFailureSurfacesAfterMaxAttempts() {
        ResilientVerificationProvider provider = guarded.withDefaults();
        ProviderUnavailable last = new ProviderUnavailable("HTTP 503", Optional.empty());
        guarded.fake.thenFail(3, () -> unavailable()).thenFail(last);

        assertThatThrownBy(() -> provider.fetch(FakeVerificationProvider.REF)).isSameAs(last);

        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(4);
        assertThat(guarded.pause.waits()).hasSize(3);
    }

    /** The provider said it could not answer (429/503): nothing was processed, so even a write is sent again. */
    @ParameterizedTest
    @EnumSource(ProviderOperation.class)
    void everyOperationIsRetriedWhenTheProviderSaysItIsUnavailable(ProviderOperation operation) {
        ResilientVerificationProvider provider = guarded.withDefaults();
        guarded.fake.thenFail(unavailable());

        Requests.call(provider, operation);

        assertThat(guarded.fake.calls(operation)).isEqualTo(2);
    }

    private static ProviderUnavailable unavailable() {
        return new ProviderUnavailable("HTTP 503", Optional.empty());
    }
}
