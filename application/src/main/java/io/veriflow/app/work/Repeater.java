package io.veriflow.app.work;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step over and over on its own virtual thread until stopped: again at once when the step says there is
 * more to do, otherwise after {@code interval}. A failing step is logged and retried after the interval; stopping
 * wakes the pause at once.
 */
final class Repeater {

    private static final Logger LOG = LoggerFactory.getLogger(Repeater.class);

    private final String name;
    private final Duration interval;
    private final BooleanSupplier step;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread thread;

    /** @param step returns true when it should run again at once */
    Repeater(String name, Duration interval, BooleanSupplier step) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.interval = Objects.requireNonNull(interval, "interval must not be null");
        this.step = Objects.requireNonNull(step, "step must not be null");
    }

    synchronized void start() {
        if (thread == null && !isStopped()) {
            thread = Thread.ofVirtual().name(name).start(this::loop);
        }
    }

    boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Stops repeating, and waits up to {@code grace} for a step in progress to end. */
    void stop(Duration grace) {
        stopped.countDown();
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            return;
        }
        try {
            if (!running.join(grace)) {
                LOG.warn("{} still busy after {}; its leases expire and other instances take its tasks over", name,
                        grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (!isStopped()) {
            boolean again;
            try {
                again = step.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.warn("{} failed, trying again in {}: {}", name, interval, FailureText.of(e));
                again = false;
            }
            if (!again && pause()) {
                return;
            }
        }
    }

    /** Waits for the interval; true when stopped meanwhile. */
    private boolean pause() {
        try {
            return stopped.await(interval.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
