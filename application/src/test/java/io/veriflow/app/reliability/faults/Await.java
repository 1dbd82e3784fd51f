package io.veriflow.app.reliability.faults;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a value until a condition holds for it, failing with the last value seen when it does not in time. */
final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(25).toNanos();

    private Await() {
    }

    static <T> T until(String what, Duration timeout, Supplier<T> value, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T current = value.get();
            if (done.test(current)) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not reached within " + timeout + "; last seen: " + current);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
