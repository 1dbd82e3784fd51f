package io.veriflow.app.work;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between attempts of a task. The ceiling for attempt {@code n} (1-based) is
 * {@code initial * 2^(n-1)}, capped at {@code max}; the delay is drawn from {@code [floor * ceiling, ceiling]}:
 * {@link #fullJitter} ({@code floor = 0}, AWS's "full jitter", which spreads a herd of retries best) or
 * {@link #equalJitter} ({@code floor = 1/2}, never much shorter than the ceiling). A provider's retry-after is honoured
 * when longer.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double floor;
    private final DoubleSupplier unit;

    /**
     * @param floor the share of the ceiling that is always waited, {@code 0} to {@code 1}
     * @param unit uniform random numbers in {@code [0, 1)}
     */
    Backoff(Duration initial, Duration max, double floor, DoubleSupplier unit) {
        this.initial = Objects.requireNonNull(initial, "initial must not be null");
        this.max = Objects.requireNonNull(max, "max must not be null");
        this.unit = Objects.requireNonNull(unit, "unit must not be null");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, was " + initial + " and " + max);
        }
        if (!(floor >= 0.0 && floor <= 1.0)) {
            throw new IllegalArgumentException("floor must be between 0 and 1, was " + floor);
        }
        this.floor = floor;
    }

    static Backoff fullJitter(Duration initial, Duration max) {
        return new Backoff(initial, max, 0.0, () -> ThreadLocalRandom.current().nextDouble());
    }

    static Backoff equalJitter(Duration initial, Duration max) {
        return new Backoff(initial, max, 0.5, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The longest delay after the {@code attempts}-th attempt; attempts below 1 count as 1. */
    public Duration ceiling(int attempts) {
        int doublings = Math.max(0, attempts - 1);
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        // Stop doubling at the cap: no overflow however many attempts there were.
        long ceiling = initialNanos;
        for (int i = 0; i < doublings && ceiling < maxNanos; i++) {
            ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
        }
        return Duration.ofNanos(Math.min(ceiling, maxNanos));
    }

    /** The delay after the {@code attempts}-th attempt. */
    public Duration next(int attempts) {
        long ceiling = ceiling(attempts).toNanos();
        double share = floor + (1.0 - floor) * clampUnit(unit.getAsDouble());
        return Duration.ofNanos((long) (ceiling * share));
    }

    /** The delay after the {@code attempts}-th attempt, and no shorter than what the provider asked for. */
    public Duration next(int attempts, Optional<Duration> retryAfter) {
        Duration jittered = next(attempts);
        return retryAfter.filter(asked -> asked.compareTo(jittered) > 0).orElse(jittered);
    }

    private static double clampUnit(double value) {
        if (Double.isNaN(value) || value < 0.0) {
            return 0.0;
        }
        return Math.min(value, 1.0);
    }
}
