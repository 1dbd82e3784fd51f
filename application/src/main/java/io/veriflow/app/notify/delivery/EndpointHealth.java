package io.veriflow.app.notify.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * An endpoint's current run of failures, updated after every delivery attempt to it: any success ends the run.
 * Persisted as two nullable columns (consecutive failures, failing since).
 */
public sealed interface EndpointHealth {

    static EndpointHealth healthy() {
        return new Healthy();
    }

    /** The state after a successful attempt. */
    default EndpointHealth afterSuccess() {
        return new Healthy();
    }

    /** The state after a failed attempt at the given time. */
    default EndpointHealth afterFailure(Instant at) {
        Objects.requireNonNull(at, "at must not be null");
        return switch (this) {
            case Healthy _ -> new Failing(1, at);
            case Failing failing -> new Failing(failing.consecutiveFailures() + 1, failing.since());
        };
    }

    /** The last attempt succeeded (or none was made yet). */
    record Healthy() implements EndpointHealth {
    }

    /**
     * Every attempt since {@code since} failed.
     *
     * @param consecutiveFailures how many attempts failed in a row
     * @param since when the first of them failed
     */
    record Failing(int consecutiveFailures, Instant since) implements EndpointHealth {

        public Failing {
            Objects.requireNonNull(since, "since must not be null");
            if (consecutiveFailures < 1) {
                throw new IllegalArgumentException("a failing endpoint has at least one failure");
            }
        }
    }
}
