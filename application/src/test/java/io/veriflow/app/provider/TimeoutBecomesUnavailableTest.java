package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veriflow.domain.port.out.ProviderUnavailable;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Calls block on a latch nobody releases; the time limiter gives up after 100ms and cancels them. */
class TimeoutBecomesUnavailableTest {

    private static final Duration TIMEOUT = Duration.ofMillis(100);
    private static final Duration LIMIT = Duration.ofSeconds(2);

    private final Guarded guarded = new Guarded();
    private final ResilientVerificationProvider provider = guarded.with(ResilienceSettings.defaults()
            .withRetry(Guarded.retry(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10), 0.5))
            .withTimeLimiter(Guarded.timeout(TIMEOUT)));

    @AfterEach
    void stopCalls() {
        guarded.close();
    }

    @Test
    void aFetchThatTimesOutIsRetriedAndEndsUnavailable() throws InterruptedException {
        guarded.fake.thenBlock(3);

        ProviderUnavailable failure = catchThrowableOfType(ProviderUnavailable.class,
                () -> provider.fetch(FakeVerificationProvider.REF));

        assertThat(failure).hasMessageContaining("timed out").hasCauseInstanceOf(TimeoutException.class);
        assertThat(failure.retryAfter()).isEmpty();
        assertThat(guarded.pause.waits()).hasSize(2);
        assertThat(guarded.fake.awaitCalls(3, LIMIT)).isTrue();
        assertThat(guarded.fake.awaitInterrupted(3, LIMIT)).as("every timed-out call was cancelled").isTrue();
    }

    @Test
    void aFetchThatTimesOutOnceSucceedsOnTheNextAttempt() {
        guarded.fake.thenBlock(1);

        provider.fetch(FakeVerificationProvider.REF);

        assertThat(guarded.fake.calls(ProviderOperation.FETCH)).isEqualTo(2);
        assertThat(guarded.pause.waits()).hasSize(1);
    }

    /** A write that timed out may have been processed (Plaid's retry has no idempotency key): it is not re-sent. */
    @ParameterizedTest
    @EnumSource(value = ProviderOperation.class, names = {"START", "RESUME", "RETRY"})
    void aWriteThatTimesOutIsNotSentAgain(ProviderOperation operation) throws InterruptedException {
        guarded.fake.thenBlock(1);

        ProviderUnavailable failure = catchThrowableOfType(ProviderUnavailable.class,
                () -> Requests.call(provider, operation));

        assertThat(failure).hasMessageContaining("timed out");
        assertThat(guarded.pause.waits()).isEmpty();
        assertThat(guarded.fake.awaitInterrupted(1, LIMIT)).isTrue();
        assertThat(guarded.fake.calls(operation)).isEqualTo(1);
    }
}
