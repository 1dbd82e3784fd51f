package io.veriflow.app.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of outbound notifications ({@code veriflow.notifications.*}).
 *
 * <p>Retries: after the n-th failed attempt of one delivery the next attempt waits {@code retryDelays[n-1]} (the last
 * delay repeats), spread by {@code ±retryJitter}; a delivery is given up once its next attempt would fall more than
 * {@code giveUpAfter} after its first attempt. Auto-disable: an endpoint is disabled when at least
 * {@code disableAfterFailures} consecutive attempts to it failed AND it has been failing for at least
 * {@code disableAfterFailingFor} (both conditions, so neither a burst of failures nor one old failure disables it).
 *
 * @param allowPrivateEndpoints development only: endpoints may resolve to loopback, private (RFC 1918, ULA) and
 *     shared (CGNAT) addresses, as local receivers and the embedded quickstart need; link-local, cloud metadata,
 *     multicast, broadcast, unspecified and reserved addresses stay refused
 * @param allowHttpEndpoints development only: plain {@code http} endpoints are accepted
 * @param retryDelays the nominal wait after the 1st, 2nd, ... failed attempt; non-empty, positive, non-decreasing
 * @param retryJitter the relative spread of each wait, in [0, 0.5]: 0.2 turns 10 minutes into 8 to 12 minutes
 * @param giveUpAfter how long after its first attempt a delivery is still retried
 * @param disableAfterFailures consecutive failed attempts before an endpoint may be disabled
 * @param disableAfterFailingFor how long an endpoint must have been failing before it may be disabled
 */
@ConfigurationProperties("veriflow.notifications")
public record NotificationProperties(
        @Bindable(defaultValue = "false") boolean allowPrivateEndpoints,
        @Bindable(defaultValue = "false") boolean allowHttpEndpoints,
        @Bindable(defaultValue = "5s,30s,2m,10m,30m,1h,3h,6h,12h,24h") List<Duration> retryDelays,
        @Bindable(defaultValue = "0.2") double retryJitter,
        @Bindable(defaultValue = "3d") Duration giveUpAfter,
        @Bindable(defaultValue = "15") int disableAfterFailures,
        @Bindable(defaultValue = "5d") Duration disableAfterFailingFor) {

    public NotificationProperties {
        Objects.requireNonNull(retryDelays, "retry delays must not be null");
        Objects.requireNonNull(giveUpAfter, "give-up-after must not be null");
        Objects.requireNonNull(disableAfterFailingFor, "disable-after-failing-for must not be null");
        retryDelays = List.copyOf(retryDelays);
        if (retryDelays.isEmpty()) {
            throw new IllegalArgumentException("retry delays must not be empty");
        }
        Duration previous = Duration.ZERO;
        for (Duration delay : retryDelays) {
            if (!delay.isPositive() || delay.compareTo(previous) < 0) {
                throw new IllegalArgumentException("retry delays must be positive and non-decreasing");
            }
            previous = delay;
        }
        if (!(retryJitter >= 0.0 && retryJitter <= 0.5)) {
            throw new IllegalArgumentException("retry jitter must be between 0 and 0.5");
        }
        if (!giveUpAfter.isPositive()) {
            throw new IllegalArgumentException("give-up-after must be positive");
        }
        if (disableAfterFailures < 1) {
            throw new IllegalArgumentException("disable-after-failures must be at least 1");
        }
        if (!disableAfterFailingFor.isPositive()) {
            throw new IllegalArgumentException("disable-after-failing-for must be positive");
        }
    }

    /** The production defaults, identical to what an empty configuration binds. */
    public static NotificationProperties defaults() {
        return new NotificationProperties(
                false,
                false,
                List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
                        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6),
                        Duration.ofHours(12), Duration.ofHours(24)),
                0.2,
                Duration.ofDays(3),
                15,
                Duration.ofDays(5));
    }

    public NotificationProperties withAllowPrivateEndpoints(boolean allow) {
        return new NotificationProperties(allow, allowHttpEndpoints, retryDelays, retryJitter, giveUpAfter,
                disableAfterFailures, disableAfterFailingFor);
    }

    public NotificationProperties withAllowHttpEndpoints(boolean allow) {
        return new NotificationProperties(allowPrivateEndpoints, allow, retryDelays, retryJitter, giveUpAfter,
                disableAfterFailures, disableAfterFailingFor);
    }
}
