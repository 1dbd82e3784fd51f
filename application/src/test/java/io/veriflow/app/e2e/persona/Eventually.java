package io.veriflow.app.e2e.persona;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition with a bounded polling loop (short parks), failing the test when it does not come true. */
final class Eventually {

    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private Eventually() {
    }

    /** Polls {@code value} until {@code done} holds for it; returns that value, or fails naming the last one seen. */
    static <T> T await(String what, Duration timeout, Supplier<T> value, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T current = value.get();
            if (done.test(current)) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not reached within " + timeout + "; last seen: " + current);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
