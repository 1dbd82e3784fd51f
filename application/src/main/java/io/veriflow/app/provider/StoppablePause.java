package io.veriflow.app.provider;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link Pause}: blocks the calling (virtual) thread for the backoff, or until {@link #stop()} is called
 * when the service shuts down, whichever comes first, so shutdown never waits for a pending backoff.
 */
final class StoppablePause implements Pause {

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public boolean await(Duration wait) throws InterruptedException {
        return !stopped.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    void stop() {
        stopped.countDown();
    }
}
