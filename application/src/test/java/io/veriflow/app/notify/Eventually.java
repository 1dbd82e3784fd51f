package io.veriflow.app.notify;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a bounded polling loop (short parks), failing the test when it does not come true. */
final class Eventually {

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Eventually() {
    }

    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not reached within " + timeout);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
