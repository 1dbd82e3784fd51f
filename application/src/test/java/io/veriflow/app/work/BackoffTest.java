package io.veriflow.app.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void theCeilingDoublesPerAttemptUpToTheCap() {
        Backoff backoff = new Backoff(SECOND, TEN_MINUTES, 0.0, () -> 0.5);

        assertThat(backoff.ceiling(1)).isEqualTo(SECOND);
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.ceiling(10)).isEqualTo(Duration.ofSeconds(512));
        assertThat(backoff.ceiling(11)).isEqualTo(TEN_MINUTES);
        assertThat(backoff.ceiling(0)).as("attempts below 1 count as 1").isEqualTo(SECOND);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1_000, Integer.MAX_VALUE})
    void manyAttemptsNeverOverflowPastTheCap(int attempts) {
        Backoff backoff = new Backoff(SECOND, Duration.ofDays(365), 0.0, () -> 0.999);

        assertThat(backoff.ceiling(attempts)).isEqualTo(Duration.ofDays(365));
        assertThat(backoff.next(attempts)).isPositive().isLessThanOrEqualTo(Duration.ofDays(365));
    }

    @Test
    void fullJitterSpreadsOverTheWholeRangeBelowTheCeiling() {
        assertThat(new Backoff(SECOND, TEN_MINUTES, 0.0, () -> 0.0).next(4)).isZero();
        assertThat(new Backoff(SECOND, TEN_MINUTES, 0.0, () -> 0.25).next(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(new Backoff(SECOND, TEN_MINUTES, 0.0, () -> 0.999_999).next(4))
                .isLessThanOrEqualTo(Duration.ofSeconds(8)).isGreaterThan(Duration.ofMillis(7_999));
    }

    @Test
    void equalJitterWaitsAtLeastHalfTheCeiling() {
        assertThat(new Backoff(SECOND, TEN_MINUTES, 0.5, () -> 0.0).next(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(new Backoff(SECOND, TEN_MINUTES, 0.5, () -> 0.5).next(4)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void realRandomnessStaysWithinBounds() {
        Backoff full = Backoff.fullJitter(SECOND, TEN_MINUTES);
        Backoff equal = Backoff.equalJitter(SECOND, TEN_MINUTES);
        for (int i = 0; i < 1_000; i++) {
            int attempts = 1 + i % 15;
            Duration ceiling = full.ceiling(attempts);
            assertThat(full.next(attempts)).isBetween(Duration.ZERO, ceiling);
            assertThat(equal.next(attempts)).isBetween(ceiling.dividedBy(2), ceiling);
        }
    }

    @Test
    void aLongerRetryAfterFromTheProviderWins() {
        Backoff backoff = new Backoff(SECOND, TEN_MINUTES, 0.0, () -> 0.5);

        assertThat(backoff.next(1, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.next(6, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.next(6, Optional.empty())).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void outOfRangeRandomNumbersAreClamped() {
        assertThat(new Backoff(SECOND, TEN_MINUTES, 0.0, () -> Double.NaN).next(2)).isZero();
        assertThat(new Backoff(SECOND, TEN_MINUTES, 0.0, () -> 7.0).next(2)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, SECOND, 0.0, () -> 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(TEN_MINUTES, SECOND, 0.0, () -> 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(SECOND, TEN_MINUTES, 1.5, () -> 0.5));
    }
}
