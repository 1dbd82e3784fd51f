package io.veriflow.app.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.notify.NotificationProperties;
import io.veriflow.app.notify.delivery.EndpointHealth.Failing;
import io.veriflow.app.notify.delivery.EndpointHealth.Healthy;
import io.veriflow.app.notify.delivery.EndpointVerdict.Disable;
import io.veriflow.app.notify.delivery.EndpointVerdict.KeepEnabled;
import io.veriflow.app.notify.delivery.NextAttempt.GiveUp;
import io.veriflow.app.notify.delivery.NextAttempt.RetryAt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeliveryScheduleTest {

    private static final Instant FIRST_ATTEMPT = Instant.parse("2025-03-01T12:00:00Z");
    private static final double LOWEST = 0.0;
    private static final double HIGHEST = Math.nextDown(1.0);

    private final NotificationProperties defaults = NotificationProperties.defaults();

    @Test
    void nominalDelaysFollowTheDefaultScheduleAndTheLastRepeats() {
        var schedule = new DeliverySchedule(defaults, () -> 0.5);

        List<Duration> delays = new ArrayList<>();
        for (int failed = 1; failed <= 12; failed++) {
            delays.add(schedule.nominalDelay(failed));
        }

        assertThat(delays).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6),
                Duration.ofHours(12), Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(24));
    }

    @Test
    void withoutJitterTheRetryComesExactlyOnSchedule() {
        var schedule = new DeliverySchedule(defaults, () -> 0.5);

        assertThat(schedule.afterFailure(1, FIRST_ATTEMPT, FIRST_ATTEMPT.plusSeconds(1)))
                .isEqualTo(new RetryAt(2, FIRST_ATTEMPT.plusSeconds(6)));
    }

    @Test
    void jitterStaysWithinTwentyPercentEitherWay() {
        var low = new DeliverySchedule(defaults, () -> LOWEST);
        var high = new DeliverySchedule(defaults, () -> HIGHEST);
        var random = new SplittableRandom(20250301);
        var jittery = new DeliverySchedule(defaults, random::nextDouble);

        for (int failed = 1; failed <= 12; failed++) {
            Duration nominal = low.nominalDelay(failed);
            Duration min = Duration.ofMillis(Math.round(nominal.toMillis() * 0.8));
            Duration max = Duration.ofMillis(Math.round(nominal.toMillis() * 1.2));

            assertThat(low.jittered(nominal)).isEqualTo(min);
            assertThat(high.jittered(nominal)).isBetween(max.minusMillis(1), max);
            for (int sample = 0; sample < 200; sample++) {
                assertThat(jittery.jittered(nominal)).isBetween(min, max);
            }
        }
    }

    @Test
    void delaysGrowEvenWhenJitterWorksAgainstThem() {
        var high = new DeliverySchedule(defaults, () -> HIGHEST);
        var low = new DeliverySchedule(defaults, () -> LOWEST);

        for (int failed = 1; failed < defaults.retryDelays().size(); failed++) {
            Duration longestNow = high.jittered(high.nominalDelay(failed));
            Duration shortestNext = low.jittered(low.nominalDelay(failed + 1));
            assertThat(shortestNext).as("after failure %d", failed).isGreaterThan(longestNow);
        }
    }

    @Test
    void aDeliveryIsRetriedForAboutThreeDaysThenGivenUp() {
        var schedule = new DeliverySchedule(defaults, () -> 0.5);
        Instant now = FIRST_ATTEMPT;
        int failed = 0;
        NextAttempt next;
        while (true) {
            failed++;
            next = schedule.afterFailure(failed, FIRST_ATTEMPT, now);
            if (next instanceof RetryAt retry) {
                assertThat(retry.attempt()).isEqualTo(failed + 1);
                assertThat(retry.at()).isAfter(now);
                now = retry.at();
            } else {
                break;
            }
        }

        assertThat(next).isEqualTo(new GiveUp(12, Duration.between(FIRST_ATTEMPT, now)));
        assertThat(Duration.between(FIRST_ATTEMPT, now)).isBetween(Duration.ofHours(70), Duration.ofDays(3));
    }

    @Test
    void theScheduleIsConfigurable() {
        var properties = new NotificationProperties(false, false,
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), 0.0, Duration.ofSeconds(10), 3,
                Duration.ofMinutes(1));
        var schedule = new DeliverySchedule(properties);

        assertThat(schedule.afterFailure(1, FIRST_ATTEMPT, FIRST_ATTEMPT))
                .isEqualTo(new RetryAt(2, FIRST_ATTEMPT.plusSeconds(1)));
        assertThat(schedule.afterFailure(5, FIRST_ATTEMPT, FIRST_ATTEMPT.plusSeconds(7)))
                .isEqualTo(new RetryAt(6, FIRST_ATTEMPT.plusSeconds(9)));
        assertThat(schedule.afterFailure(6, FIRST_ATTEMPT, FIRST_ATTEMPT.plusSeconds(9)))
                .isEqualTo(new GiveUp(6, Duration.ofSeconds(9)));
    }

    @Test
    void anyDeliverySuccessEndsTheRunOfFailures() {
        EndpointHealth health = EndpointHealth.healthy()
                .afterFailure(FIRST_ATTEMPT)
                .afterFailure(FIRST_ATTEMPT.plusSeconds(5));

        assertThat(health).isEqualTo(new Failing(2, FIRST_ATTEMPT));
        assertThat(health.afterSuccess()).isEqualTo(new Healthy());
        assertThat(health.afterSuccess().afterFailure(FIRST_ATTEMPT.plusSeconds(60)))
                .isEqualTo(new Failing(1, FIRST_ATTEMPT.plusSeconds(60)));
    }

    @Test
    void anEndpointFailingFifteenTimesOverFiveDaysIsDisabled() {
        var schedule = new DeliverySchedule(defaults);
        var failing = new Failing(15, FIRST_ATTEMPT);
        Instant fiveDaysLater = FIRST_ATTEMPT.plus(Duration.ofDays(5));

        assertThat(schedule.judge(failing, fiveDaysLater)).isEqualTo(new Disable(15, Duration.ofDays(5)));
    }

    @Test
    void manyFailuresInAShortOutageDoNotDisable() {
        var schedule = new DeliverySchedule(defaults);

        assertThat(schedule.judge(new Failing(500, FIRST_ATTEMPT), FIRST_ATTEMPT.plus(Duration.ofHours(6))))
                .isEqualTo(new KeepEnabled());
        assertThat(schedule.judge(new Failing(500, FIRST_ATTEMPT), FIRST_ATTEMPT.plus(Duration.ofDays(5))
                .minusSeconds(1))).isEqualTo(new KeepEnabled());
    }

    @Test
    void fewFailuresOverALongTimeDoNotDisable() {
        var schedule = new DeliverySchedule(defaults);

        assertThat(schedule.judge(new Failing(14, FIRST_ATTEMPT), FIRST_ATTEMPT.plus(Duration.ofDays(30))))
                .isEqualTo(new KeepEnabled());
    }

    @Test
    void aHealthyEndpointStaysEnabled() {
        var schedule = new DeliverySchedule(defaults);

        assertThat(schedule.judge(EndpointHealth.healthy(), FIRST_ATTEMPT)).isEqualTo(new KeepEnabled());
    }

    @Test
    void oneRetriedDeliveryAloneNeverDisablesAnEndpoint() {
        var schedule = new DeliverySchedule(defaults, () -> HIGHEST);
        EndpointHealth health = EndpointHealth.healthy();
        Instant now = FIRST_ATTEMPT;
        int failed = 0;
        while (true) {
            failed++;
            health = health.afterFailure(now);
            assertThat(schedule.judge(health, now)).isEqualTo(new KeepEnabled());
            if (!(schedule.afterFailure(failed, FIRST_ATTEMPT, now) instanceof RetryAt retry)) {
                break;
            }
            now = retry.at();
        }
    }
}
