package io.veriflow.app.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator: request {@code i} is scheduled at {@code start + i / rate}; a scheduler thread parks
 * until that time and hands the request to a virtual thread (so a slow answer never delays the next send), and its
 * latency is measured from the SCHEDULED time (no coordinated omission). At most {@link #MAX_IN_FLIGHT} requests are
 * in flight (connections); a request waiting for one is late, and that counts in its latency. Each request carries an id for the ledger.
 */
final class OpenLoop {

    /** One request of a step: its ledger id (or null) and the request. */
    record Call(String id, HttpRequest request) {
    }

    /** Sent, acknowledged (2xx), rejected (4xx) and errors (5xx, timeouts, I/O) of every step of one kind, with ids. */
    static final class Ledger {
        final LongAdder sent = new LongAdder();
        final LongAdder acknowledged = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Queue<String> acknowledgedIds = new ConcurrentLinkedQueue<>();
    }

    /** What one step measured. */
    record Step(double rate, Duration window, long sent, long acknowledged, long rejected, long errors,
            Histogram all, Histogram firstHalf, Histogram secondHalf) {

        /**
         * Held: no error and no rejection, and no growing backlog: the second half's p90 is at most 2 x the first
         * half's + 10 ms (a queue that grows moves the bulk of the latencies, not only the tail, which a busy
         * machine's hiccups alone can double), the p99 of the step is at most 500 ms and nothing took 1 s or more.
         */
        boolean held() {
            long p90First = firstHalf.getValueAtPercentile(90);
            long p90Second = secondHalf.getValueAtPercentile(90);
            return errors == 0 && rejected == 0 && acknowledged == sent
                    && p90Second <= 2 * p90First + TimeUnit.MILLISECONDS.toNanos(10)
                    && all.getValueAtPercentile(99) <= TimeUnit.MILLISECONDS.toNanos(500)
                    && all.getMaxValue() < TimeUnit.SECONDS.toNanos(1);
        }

        String line() {
            return String.format("%8.0f/s  %3ds  sent %7d  2xx %7d  4xx %d  err %d  p50 %7.2f ms  p90 %7.2f ms"
                    + " (halves %7.2f, %7.2f)  p99 %8.2f ms  max %8.2f ms  %s",
                    rate, window.toSeconds(), sent, acknowledged, rejected, errors, ms(all.getValueAtPercentile(50)),
                    ms(all.getValueAtPercentile(90)), ms(firstHalf.getValueAtPercentile(90)),
                    ms(secondHalf.getValueAtPercentile(90)), ms(all.getValueAtPercentile(99)), ms(all.getMaxValue()), held() ? "HELD" : "not held");
        }
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** At most this many requests in flight (and so connections): beyond, a request waits, and its wait counts. */
    static final int MAX_IN_FLIGHT = 512;

    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    OpenLoop() {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    HttpClient client() {
        return client;
    }

    /** Sends {@code rate × window} requests at a constant arrival rate, waits for every answer, returns the step. */
    Step run(double rate, Duration window, LongFunction<Call> calls, Ledger ledger) throws InterruptedException {
        long count = Math.max(1, Math.round(rate * window.toNanos() / 1e9));
        double interval = 1e9 / rate;
        Recorder first = new Recorder(3);
        Recorder second = new Recorder(3);
        CountDownLatch done = new CountDownLatch((int) count);
        LongAdder ok = new LongAdder();
        LongAdder rejected = new LongAdder();
        LongAdder errors = new LongAdder();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (long i = 0; i < count; i++) {
            long scheduled = start + (long) (i * interval);
            long now;
            while ((now = System.nanoTime()) < scheduled) {
                LockSupport.parkNanos(scheduled - now);
            }
            long index = i;
            Recorder recorder = i < count / 2 ? first : second;
            ledger.sent.increment();
            senders.execute(() -> {
                boolean permitted = false;
                try {
                    inFlight.acquire();
                    permitted = true;
                    Call call = calls.apply(index);
                    HttpResponse<Void> response = client.send(call.request(), HttpResponse.BodyHandlers.discarding());
                    recorder.recordValue(System.nanoTime() - scheduled);
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        ok.increment();
                        ledger.acknowledged.increment();
                        if (call.id() != null) {
                            ledger.acknowledgedIds.add(call.id());
                        }
                    } else if (status >= 400 && status < 500) {
                        rejected.increment();
                        ledger.rejected.increment();
                    } else {
                        errors.increment();
                        ledger.errors.increment();
                    }
                } catch (Exception | Error e) {
                    recorder.recordValue(System.nanoTime() - scheduled);
                    errors.increment();
                    ledger.errors.increment();
                } finally {
                    if (permitted) {
                        inFlight.release();
                    }
                    done.countDown();
                }
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered 60 s after the step (timeouts are 10 s)");
        }
        Histogram a = first.getIntervalHistogram();
        Histogram b = second.getIntervalHistogram();
        Histogram all = a.copy();
        all.add(b);
        return new Step(rate, window, count, ok.sum(), rejected.sum(), errors.sum(), all, a, b);
    }
}
