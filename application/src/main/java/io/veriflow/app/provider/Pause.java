package io.veriflow.app.provider;

import java.time.Duration;

/**
 * Waits out the backoff between two attempts of one call. An interface so that tests record the waits instead of
 * spending them; production uses {@link StoppablePause}.
 */
@FunctionalInterface
interface Pause {

    /**
     * @return {@code true} when the wait is over and the next attempt may go; {@code false} when the service is
     *     stopping and the call should give up now
     * @throws InterruptedException when the calling thread is interrupted
     */
    boolean await(Duration wait) throws InterruptedException;
}
