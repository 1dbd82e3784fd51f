package io.veriflow.app.e2e.plaid;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling with short parks: waits for a condition and fails the test, saying what it last saw, if it does not come. */
public final class Eventually {

    private static final long POLL_NANOS = Duration.ofMillis(15).toNanos();

    private Eventually() {
    }

    /** Polls {@code probe} until {@code done} holds for its value, and returns that value. */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not reached within " + timeout + "; last seen: " + last);
            }
            LockSupport.parkNanos(POLL_NANOS);
            last = probe.get();
        }
        return last;
    }
}
