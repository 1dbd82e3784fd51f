package io.veriflow.app.proc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Condition waits for code that watches other processes: polls with short parks until the condition holds and fails
 * with an {@link AssertionError} naming the condition (and the last value seen) when the timeout passes. No sleeps of
 * fixed length: the wait ends as soon as the condition is observed.
 */
public final class Await {

    private static final Duration DEFAULT_POLL = Duration.ofMillis(25);

    private Await() {
    }

    /** Waits until {@code condition} holds; returns how long that took. */
    public static Duration until(String what, Duration timeout, BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        long began = System.nanoTime();
        value(what, timeout, DEFAULT_POLL, condition::getAsBoolean, Boolean::booleanValue);
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /** Polls {@code value} until {@code done} holds for it and returns that value. */
    public static <T> T value(String what, Duration timeout, Supplier<T> value, Predicate<? super T> done) {
        return value(what, timeout, DEFAULT_POLL, value, done);
    }

    /** As {@link #value(String, Duration, Supplier, Predicate)}, polling every {@code poll}. */
    public static <T> T value(String what, Duration timeout, Duration poll, Supplier<T> value,
            Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            last = value.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(what + ": not reached within " + timeout + " (last seen: " + last + ")");
            }
            LockSupport.parkNanos(poll.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted while waiting");
            }
        }
    }
}
