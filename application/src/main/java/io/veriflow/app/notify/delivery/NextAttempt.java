package io.veriflow.app.notify.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What follows a failed delivery attempt. */
public sealed interface NextAttempt {

    /**
     * Try again.
     *
     * @param attempt the number of the coming attempt (the first delivery is attempt 1)
     * @param at when, jitter included
     */
    record RetryAt(int attempt, Instant at) implements NextAttempt {

        public RetryAt {
            Objects.requireNonNull(at, "at must not be null");
            if (attempt < 2) {
                throw new IllegalArgumentException("a retry is attempt 2 or later");
            }
        }
    }

    /**
     * Stop retrying this delivery: it is marked failed (the product team can replay it); later notifications of the
     * same session may go out.
     *
     * @param attempts how many attempts were made
     * @param triedFor from the first attempt to the last failure
     */
    record GiveUp(int attempts, Duration triedFor) implements NextAttempt {

        public GiveUp {
            Objects.requireNonNull(triedFor, "tried-for must not be null");
        }
    }
}
