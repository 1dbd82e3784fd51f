package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriflow.domain.port.out.ProviderUnavailable;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryAfterIsHonouredTest {

    private final Guarded guarded = new Guarded();

    @AfterEach
    void stopCalls() {
        guarded.close();
    }

    @Test
    void theWaitIsAtLeastWhatTheProviderAskedFor() {
        ResilientVerificationProvider provider = guarded.withDefaults();
        guarded.fake.thenFail(new ProviderUnavailable("HTTP 429", Optional.of(Duration.ofSeconds(3))));

        provider.fetch(FakeVerificationProvider.REF);

        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(2);
        assertThat(guarded.pause.waits()).singleElement().isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theBackoffWinsWhenItIsLongerThanRetryAfter() {
        ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
                .withRetry(Guarded.retry(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(10), 0.0)));
        guarded.fake.thenFail(new ProviderUnavailable("HTTP 429", Optional.of(Duration.ofMillis(100))));

        provider.fetch(FakeVerificationProvider.REF);

        assertThat(guarded.pause.waits()).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void aRetryAfterBeyondTheMaximumBackoffIsLeftToTheCaller() {
        ResilientVerificationProvider provider = guarded.withDefaults();
        ProviderUnavailable later = new ProviderUnavailable("HTTP 429", Optional.of(Duration.ofMinutes(1)));
        guarded.fake.thenFail(later);

        assertThatThrownBy(() -> provider.fetch(FakeVerificationProvider.REF)).isSameAs(later);

        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(1);
        assertThat(guarded.pause.waits()).isEmpty();
    }
}
