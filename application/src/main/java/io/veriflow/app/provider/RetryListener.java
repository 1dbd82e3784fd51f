package io.veriflow.app.provider;

import java.time.Duration;

/**
 * Hears about the retries inside one provider call. {@link TracedVerificationProvider} binds one to
 * {@link #CURRENT} around the call it traces, and {@link ResilientVerificationProvider} (which runs every attempt on
 * the caller's thread) reports to it, so each retry becomes a span event without the resilience code knowing about
 * tracing.
 */
@FunctionalInterface
interface RetryListener {

    ScopedValue<RetryListener> CURRENT = ScopedValue.newInstance();

    RetryListener NONE = (failedAttempt, wait, failure) -> {
    };

    /** The listener bound to this thread, or one that ignores everything. */
    static RetryListener current() {
        return CURRENT.isBound() ? CURRENT.get() : NONE;
    }

    /**
     * @param failedAttempt the attempt that just failed, counting from 1
     * @param wait the pause before the next attempt
     * @param failure why the attempt failed
     */
    void retrying(int failedAttempt, Duration wait, RuntimeException failure);
}
