package io.veriflow.app.reliability;

import io.veriflow.app.reliability.Wire.Answer;
import io.veriflow.app.reliability.Wire.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Concurrent load: any number of lanes, each on its own virtual thread, sharing one bound on the requests in flight
 * (a fair semaphore, so no lane starves).
 */
final class Traffic {

    private final Wire wire;
    private final Semaphore inFlight;

    Traffic(Wire wire, int maxInFlight) {
        this.wire = wire;
        this.inFlight = new Semaphore(maxInFlight, true);
    }

    /** Sends one request once a slot is free. */
    Answer send(Call call) {
        inFlight.acquireUninterruptibly();
        try {
            return wire.send(call);
        } finally {
            inFlight.release();
        }
    }

    /** Runs every task on its own virtual thread and waits for all; the first failure is rethrown, others suppressed. */
    static <T> List<T> all(List<? extends Callable<T>> tasks) {
        List<T> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = tasks.stream().map(threads::submit).toList();
            RuntimeException failure = null;
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(e.getCause());
                    if (e.getCause() instanceof AssertionError assertion) {
                        cause = new IllegalStateException(assertion.getMessage(), assertion);
                    }
                    if (failure == null) {
                        failure = cause;
                    } else if (failure.getSuppressed().length < 10) {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the lanes", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return results;
    }

    /** {@link #all} for tasks without a result. */
    static void run(List<? extends Runnable> lanes) {
        all(lanes.stream().map(lane -> (Callable<Void>) () -> {
            lane.run();
            return null;
        }).toList());
    }
}
