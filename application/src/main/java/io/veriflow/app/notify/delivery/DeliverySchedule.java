package io.veriflow.app.notify.delivery;

import io.veriflow.app.notify.NotificationProperties;
import io.veriflow.app.notify.delivery.EndpointHealth.Failing;
import io.veriflow.app.notify.delivery.EndpointHealth.Healthy;
import io.veriflow.app.notify.delivery.EndpointVerdict.Disable;
import io.veriflow.app.notify.delivery.EndpointVerdict.KeepEnabled;
import io.veriflow.app.notify.delivery.NextAttempt.GiveUp;
import io.veriflow.app.notify.delivery.NextAttempt.RetryAt;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The retry schedule of failed webhook deliveries and the auto-disable rule of failing endpoints.
 *
 * <p>Retries (defaults): after failed attempt 1, 2, 3, ... wait 5s, 30s, 2m, 10m, 30m, 1h, 3h, 6h, 12h, 24h, then
 * 24h again, each spread by ±20% so that retries of many deliveries do not arrive in lockstep. A delivery whose next
 * attempt would come more than 3 days after its first attempt is given up (about 12 attempts). Any non-2xx answer,
 * timeout or connection failure is a failed attempt.
 *
 * <p>Auto-disable (defaults): an endpoint is disabled once at least 15 attempts in a row have failed AND the first of
 * them is at least 5 days old. Requiring both keeps a short outage with many deliveries (many failures, little time)
 * and a quiet endpoint with an old failure (long time, few failures) enabled; any success resets the run.
 */
@Singleton
public final class DeliverySchedule {

    private final List<Duration> delays;
    private final double jitter;
    private final Duration giveUpAfter;
    private final int disableAfterFailures;
    private final Duration disableAfterFailingFor;
    private final DoubleSupplier unitRandom;

    @Inject
    public DeliverySchedule(NotificationProperties properties) {
        this(properties, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param unitRandom uniform random numbers in [0, 1) for the jitter
     */
    public DeliverySchedule(NotificationProperties properties, DoubleSupplier unitRandom) {
        this.delays = properties.retryDelays();
        this.jitter = properties.retryJitter();
        this.giveUpAfter = properties.giveUpAfter();
        this.disableAfterFailures = properties.disableAfterFailures();
        this.disableAfterFailingFor = properties.disableAfterFailingFor();
        this.unitRandom = Objects.requireNonNull(unitRandom, "random source must not be null");
    }

    /** The wait after the given number of failed attempts, before jitter. */
    public Duration nominalDelay(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt must have failed");
        }
        return delays.get(Math.min(failedAttempts, delays.size()) - 1);
    }

    /**
     * What to do after a delivery attempt failed.
     *
     * @param failedAttempts how many attempts of this delivery have failed, this one included
     * @param firstAttemptAt when the first attempt was made
     * @param failedAt when this attempt failed
     */
    public NextAttempt afterFailure(int failedAttempts, Instant firstAttemptAt, Instant failedAt) {
        Objects.requireNonNull(firstAttemptAt, "first attempt time must not be null");
        Objects.requireNonNull(failedAt, "failure time must not be null");
        Instant at = failedAt.plus(jittered(nominalDelay(failedAttempts)));
        if (at.isAfter(firstAttemptAt.plus(giveUpAfter))) {
            return new GiveUp(failedAttempts, Duration.between(firstAttemptAt, failedAt));
        }
        return new RetryAt(failedAttempts + 1, at);
    }

    /** Whether the endpoint stays enabled, judged right after an attempt to it. */
    public EndpointVerdict judge(EndpointHealth health, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        return switch (health) {
            case Healthy _ -> new KeepEnabled();
            case Failing failing -> {
                Duration failingFor = Duration.between(failing.since(), now);
                boolean sustained = failing.consecutiveFailures() >= disableAfterFailures
                        && failingFor.compareTo(disableAfterFailingFor) >= 0;
                yield sustained ? new Disable(failing.consecutiveFailures(), failingFor) : new KeepEnabled();
            }
        };
    }

    /** {@code nominal × (1 ± jitter)}, uniformly spread, at millisecond resolution. */
    Duration jittered(Duration nominal) {
        double unit = unitRandom.getAsDouble();
        if (!(unit >= 0.0 && unit < 1.0)) {
            throw new IllegalStateException("the random source must return numbers in [0, 1)");
        }
        double factor = 1.0 - jitter + 2.0 * jitter * unit;
        return Duration.ofMillis(Math.round(nominal.toMillis() * factor));
    }
}
