package io.veriflow.app.reliability;

import io.veriflow.app.reliability.PersonaTraffic.Delivery;
import io.veriflow.app.reliability.Wire.Answer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Webhook load for the crash suites, as Persona would send it: every delivery of a schedule (duplicates included)
 * leaves at its time on a fixed-rate open loop, each to one of the instances drawn from the seed; one that does not
 * get a 2xx (connection refused or cut by a crash, or a 5xx while the database is down) is sent again a little later,
 * as Persona redelivers, until every distinct event has been acknowledged or the deadline passes. A 4xx is never sent
 * again: it is a refusal, and a crash suite must see none.
 *
 * <p>The ledger: every send counted once as acknowledged (2xx), rejected (4xx) or error (anything else), and the set
 * of event ids that got a 2xx.
 */
final class WebhookLoad implements AutoCloseable {

    private static final Duration REDELIVERY_DELAY = Duration.ofMillis(300);

    private record Redelivery(Delivery delivery, long notBefore) {
    }

    private final Wire wire;
    private final List<URI> instances;
    private final List<Delivery> schedule;
    private final int distinct;
    private final Random random;
    private final Set<String> acknowledgedIds = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Redelivery> redeliveries = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> rejections = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder errors = new LongAdder();
    private final Consumer<Delivery> beforeEachSend;
    private volatile boolean stopped;
    private CompletableFuture<Void> running;

    /**
     * @param schedule the deliveries in the order they leave (a duplicate is the same delivery again)
     * @param beforeEachSend told of each delivery just before it leaves (a fake provider API can follow)
     */
    WebhookLoad(Wire wire, List<URI> instances, List<Delivery> schedule, Random random,
            Consumer<Delivery> beforeEachSend) {
        this.beforeEachSend = beforeEachSend;
        this.wire = wire;
        this.instances = List.copyOf(instances);
        this.schedule = List.copyOf(schedule);
        this.distinct = (int) schedule.stream().map(Delivery::eventId).distinct().count();
        this.random = random;
    }

    /**
     * Starts sending on a thread of its own at {@code rate} per second, until every event is acknowledged, {@code
     * deadline} has passed or the load is {@linkplain #close() closed}; the future completes when it has stopped and
     * every send has been answered.
     */
    CompletableFuture<Void> start(double rate, Duration deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().name("webhook-load").daemon().start(() -> {
            try {
                run(rate, deadline);
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        running = done;
        return done;
    }

    /** Stops sending (a test that failed half-way) and waits for the sends in flight. */
    @Override
    public void close() {
        stopped = true;
        if (running != null) {
            running.exceptionally(any -> null).join();
        }
    }

    private void run(double rate, Duration deadline) {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        int next = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long tick = 0; acknowledgedIds.size() < distinct || next < schedule.size(); tick++) {
                long due = start + tick * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // the open loop's pacing: the next send's scheduled time
                }
                if (stopped || System.nanoTime() - end > 0) {
                    break;
                }
                Redelivery redelivery = redeliveries.peek();
                Delivery delivery;
                if (redelivery != null && redelivery.notBefore() - System.nanoTime() <= 0) {
                    redeliveries.poll();
                    delivery = redelivery.delivery();
                } else if (next < schedule.size()) {
                    delivery = schedule.get(next++);
                } else {
                    continue;
                }
                URI target = instances.get(random.nextInt(instances.size()));
                threads.submit(() -> send(delivery, target));
            }
        }
    }

    private void send(Delivery delivery, URI target) {
        beforeEachSend.accept(delivery);
        sent.increment();
        String answer;
        try {
            Answer reply = wire.send(delivery.call(target, Instant.now()));
            answer = Integer.toString(reply.status());
            if (reply.ok()) {
                acknowledged.increment();
                acknowledgedIds.add(delivery.eventId());
            } else if (reply.status() >= 400 && reply.status() < 500) {
                rejected.increment();
                rejections.add(delivery + ": " + reply);
            } else {
                errors.increment();
                redeliver(delivery);
            }
        } catch (UncheckedIOException e) {
            answer = "connection: " + e.getCause().getClass().getSimpleName();
            errors.increment();
            redeliver(delivery);
        }
        answers.computeIfAbsent(answer, any -> new LongAdder()).increment();
    }

    private void redeliver(Delivery delivery) {
        redeliveries.add(new Redelivery(delivery, System.nanoTime() + REDELIVERY_DELAY.toNanos()));
    }

    /** Distinct events in the schedule. */
    int distinct() {
        return distinct;
    }

    /** Event ids that got a 2xx at least once. */
    Set<String> acknowledgedIds() {
        return Set.copyOf(acknowledgedIds);
    }

    /** The 4xx answers, with their deliveries (status and body, secrets masked). */
    List<String> rejections() {
        return new ArrayList<>(rejections);
    }

    /** How many sends got each answer ({@code 200}, {@code 503}, {@code connection: ConnectException}, ...). */
    Map<String, Long> answers() {
        Map<String, Long> counts = new TreeMap<>();
        answers.forEach((answer, count) -> counts.put(answer, count.sum()));
        return counts;
    }

    /** Whether sent = acknowledged + rejected + errors. */
    boolean balances() {
        return sent.sum() == acknowledged.sum() + rejected.sum() + errors.sum();
    }

    String ledger() {
        return String.format("sent %d = acknowledged %d + rejected %d + errors %d (%s); %d of %d events acknowledged;"
                        + " answers %s", sent.sum(), acknowledged.sum(), rejected.sum(), errors.sum(),
                balances() ? "balanced" : "DOES NOT BALANCE", acknowledgedIds.size(), distinct, answers());
    }
}
