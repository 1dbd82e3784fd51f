package io.veriflow.app.notify.worker;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.veriflow.app.notify.delivery.DeliverySchedule;
import io.veriflow.app.notify.delivery.EndpointHealth;
import io.veriflow.app.notify.delivery.EndpointVerdict;
import io.veriflow.app.notify.delivery.NextAttempt;
import io.veriflow.app.notify.endpoint.EndpointAddressPolicy;
import io.veriflow.app.notify.endpoint.EndpointCheck;
import io.veriflow.app.notify.signing.StandardWebhookSigner;
import io.veriflow.app.notify.signing.WebhookHeaders;
import io.veriflow.app.notify.signing.WebhookSecret;
import io.veriflow.app.notify.store.AttemptFailure;
import io.veriflow.app.notify.store.ClaimedDelivery;
import io.veriflow.app.notify.store.DeliveryQueue;
import io.veriflow.app.notify.store.EndpointId;
import io.veriflow.app.notify.store.WebhookEndpoints;
import io.veriflow.app.tracing.Traceparent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhooks from the {@code delivery} table. The worker claims batches of due deliveries in one short
 * transaction each ({@link DeliveryQueue#claim}: {@code FOR UPDATE SKIP LOCKED}, leased to this instance, only the
 * lowest pending sequence per endpoint and session) and makes one attempt of each, outside any transaction, each on
 * its own virtual thread, with at most {@code concurrency} attempts in flight: a new batch is claimed as soon as there
 * is room, not when the slowest attempt of the previous batch is over. One attempt:
 *
 * <ol>
 *   <li>the endpoint URL is checked again by the {@link EndpointAddressPolicy} (DNS may have changed since it was
 *       registered; the client's resolver enforces the same rules for the connection it opens);</li>
 *   <li>the stored body is signed with the endpoint's secret(s), {@code webhook-id} = the outbox id, the same on every
 *       attempt;</li>
 *   <li>it is POSTed; a 2xx is delivered, anything else (another status, a timeout, no connection, a refusal) is a
 *       failed attempt: tried again on the {@link DeliverySchedule}, given up (state {@code failed}, replayable) once
 *       the schedule says so, and counted against the endpoint, which is disabled after sustained failure.</li>
 * </ol>
 *
 * <p>Every attempt is one span, {@code veriflow.webhook.deliver}, linked to the span of the request that queued the
 * notification. Logs name ids and statuses only: never the URL, the body, a header value or a secret. Outcomes are
 * recorded only while the lease is still this instance's. A full batch is followed by the next claim as soon as
 * there is room; otherwise the worker waits {@code poll-interval}. The signing secrets of an endpoint are read once
 * per batch. On shutdown it stops claiming and waits up to
 * {@code shutdown-grace} for attempts under way; leases left behind expire and other instances take them over.
 */
@Singleton
@Requires(property = "veriflow.notifications.delivery.enabled", notEquals = "false")
public final class DeliveryWorker {

    static final String SPAN_NAME = "veriflow.webhook.deliver";
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("veriflow.tenant");
    static final AttributeKey<String> SESSION = AttributeKey.stringKey("veriflow.session.id");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("veriflow.webhook.endpoint.id");
    static final AttributeKey<String> WEBHOOK_ID = AttributeKey.stringKey("veriflow.webhook.id");
    static final AttributeKey<String> DELIVERY = AttributeKey.stringKey("veriflow.webhook.delivery.id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("veriflow.webhook.event_type");
    static final AttributeKey<Long> SEQUENCE = AttributeKey.longKey("veriflow.webhook.sequence");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("veriflow.webhook.attempt");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("veriflow.outcome");

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryQueue queue;
    private final WebhookEndpoints endpoints;
    private final EndpointAddressPolicy policy;
    private final StandardWebhookSigner signer;
    private final WebhookSender sender;
    private final DeliverySchedule schedule;
    private final Clock clock;
    private final Tracer tracer;
    private final String instanceId;
    private final int batchSize;
    private final int concurrency;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration retryOnOurFailure;
    private final Duration grace;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private volatile Thread loop;

    DeliveryWorker(DeliveryQueue queue, WebhookEndpoints endpoints, EndpointAddressPolicy policy,
            StandardWebhookSigner signer, WebhookSender sender, DeliverySchedule schedule, Clock clock,
            OpenTelemetry openTelemetry, DeliveryProperties properties) {
        this.queue = queue;
        this.endpoints = endpoints;
        this.policy = policy;
        this.signer = signer;
        this.sender = sender;
        this.schedule = schedule;
        this.clock = clock;
        this.tracer = openTelemetry.getTracer("io.veriflow.notify");
        this.instanceId = properties.getInstanceId();
        this.batchSize = properties.getBatchSize();
        this.concurrency = properties.getConcurrency();
        this.lease = properties.getLease();
        this.pollInterval = properties.getPollInterval();
        this.retryOnOurFailure = properties.getRetryOnOurFailure();
        this.grace = properties.getShutdownGrace();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    public synchronized void start() {
        if (loop == null && !isStopped()) {
            loop = Thread.ofVirtual().name("webhook-delivery").start(this::run);
            LOG.info("Webhook delivery worker {} started: batches of {}, {} attempts in flight at most, leases of {}",
                    instanceId, batchSize, concurrency, lease);
        }
    }

    @PreDestroy
    public void stop() {
        if (isStopped()) {
            return;
        }
        stopped.countDown();
        Thread running;
        synchronized (this) {
            running = loop;
        }
        if (running == null) {
            return;
        }
        try {
            if (!running.join(grace)) {
                LOG.warn("Webhook delivery worker {} still busy after {}; its leases expire and other instances "
                        + "take the deliveries over", instanceId, grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Webhook delivery worker {} stopped", instanceId);
    }

    /** The name this instance holds leases under. */
    public String instanceId() {
        return instanceId;
    }

    /** Deliveries this instance delivered since it started. */
    public long delivered() {
        return delivered.sum();
    }

    /** Attempts of this instance that failed since it started. */
    public long failedAttempts() {
        return failedAttempts.sum();
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private void run() {
        Semaphore room = new Semaphore(concurrency);
        try (ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor()) {
            while (!isStopped()) {
                if (!awaitRoom(room)) {
                    continue;
                }
                int wanted = Math.min(batchSize, room.availablePermits());
                List<ClaimedDelivery> claimed;
                try {
                    claimed = queue.claim(instanceId, wanted, lease, clock.instant());
                } catch (RuntimeException e) {
                    LOG.warn("Webhook delivery worker {} could not claim deliveries, trying again in {}: {}",
                            instanceId, pollInterval, e.getClass().getSimpleName());
                    claimed = List.of();
                }
                room.acquireUninterruptibly(claimed.size()); // only this thread acquires: they are there
                Map<EndpointId, List<WebhookSecret>> secrets = new ConcurrentHashMap<>();
                for (ClaimedDelivery delivery : claimed) {
                    attempts.execute(() -> {
                        try {
                            attemptTraced(delivery, secrets);
                        } finally {
                            room.release();
                        }
                    });
                }
                if (claimed.size() < wanted && pause()) {
                    return;
                }
            }
        }
    }

    /** Waits until at least half the attempts (or a batch) could start; false when it should look again. */
    private boolean awaitRoom(Semaphore room) {
        int needed = Math.min(batchSize, Math.max(1, concurrency / 2));
        try {
            if (room.tryAcquire(needed, pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
                room.release(needed);
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
            return false;
        }
    }

    /** Waits for the poll interval; true when stopped meanwhile. */
    private boolean pause() {
        try {
            return stopped.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Claims one batch and makes one attempt of each; returns how many deliveries were claimed. */
    int pollOnce() {
        if (isStopped()) {
            return 0;
        }
        List<ClaimedDelivery> claimed = queue.claim(instanceId, batchSize, lease, clock.instant());
        if (claimed.isEmpty()) {
            return 0;
        }
        Map<EndpointId, List<WebhookSecret>> secrets = new ConcurrentHashMap<>();
        try (ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ClaimedDelivery delivery : claimed) {
                attempts.submit(() -> attemptTraced(delivery, secrets));
            }
        }
        return claimed.size();
    }

    private void attemptTraced(ClaimedDelivery delivery, Map<EndpointId, List<WebhookSecret>> secrets) {
        SpanBuilder builder = tracer.spanBuilder(SPAN_NAME)
                .setNoParent()
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(TENANT, delivery.tenant().value())
                .setAttribute(SESSION, delivery.sessionId().toString())
                .setAttribute(ENDPOINT, delivery.endpoint().toString())
                .setAttribute(WEBHOOK_ID, delivery.notificationId().toString())
                .setAttribute(DELIVERY, delivery.deliveryId().toString())
                .setAttribute(EVENT_TYPE, delivery.eventType())
                .setAttribute(SEQUENCE, delivery.sequence())
                .setAttribute(ATTEMPT, (long) delivery.attempt());
        delivery.traceparent().flatMap(Traceparent::parse).ifPresent(builder::addLink);
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            String outcome = attempt(delivery, span, secrets);
            span.setAttribute(OUTCOME, outcome);
            if (!outcome.equals("delivered")) {
                span.setStatus(StatusCode.ERROR, outcome);
            }
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.setAttribute(OUTCOME, "error");
            LOG.warn("Webhook delivery {} (endpoint {}) attempt {} could not be recorded; it is taken up again when "
                            + "its lease expires: {}", delivery.deliveryId(), delivery.endpoint(), delivery.attempt(),
                    e.getClass().getSimpleName());
        } finally {
            span.end();
        }
    }

    /** One attempt; returns its outcome's name. */
    private String attempt(ClaimedDelivery delivery, Span span, Map<EndpointId, List<WebhookSecret>> batchSecrets) {
        if (policy.check(delivery.url()) instanceof EndpointCheck.Refused refused) {
            return failed(delivery, new AttemptFailure(null, "refused: " + refused.reason()));
        }
        List<WebhookSecret> secrets = batchSecrets.computeIfAbsent(delivery.endpoint(), endpoint -> {
            try {
                return endpoints.signingSecrets(delivery.tenant(), endpoint, clock.instant());
            } catch (RuntimeException e) {
                return List.of();
            }
        });
        if (secrets.isEmpty()) {
            Instant now = clock.instant();
            queue.release(delivery, instanceId, "no readable signing secret", now.plus(retryOnOurFailure), now);
            LOG.error("Webhook delivery {}: the signing secret of endpoint {} (tenant {}) cannot be read; again in {}",
                    delivery.deliveryId(), delivery.endpoint(), delivery.tenant(), retryOnOurFailure);
            return "no_secret";
        }
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        WebhookHeaders headers = signer.sign(delivery.notificationId().toString(), body, secrets);
        SendOutcome sent = sender.send(delivery.url(), headers, body);
        return switch (sent) {
            case SendOutcome.Answered answered -> {
                span.setAttribute(STATUS, (long) answered.status());
                yield answered.accepted()
                        ? delivered(delivery, answered.status())
                        : failed(delivery, new AttemptFailure(answered.status(), "HTTP " + answered.status()));
            }
            case SendOutcome.NoAnswer noAnswer -> failed(delivery, new AttemptFailure(null, noAnswer.error()));
        };
    }

    private String delivered(ClaimedDelivery delivery, int status) {
        if (!queue.delivered(delivery, instanceId, status, clock.instant())) {
            LOG.warn("Webhook delivery {} was delivered after its lease passed to another instance",
                    delivery.deliveryId());
            return "lease_lost";
        }
        delivered.increment();
        LOG.debug("Webhook delivery {} (notification {}, endpoint {}) delivered on attempt {}: HTTP {}",
                delivery.deliveryId(), delivery.notificationId(), delivery.endpoint(), delivery.attempt(), status);
        return "delivered";
    }

    private String failed(ClaimedDelivery delivery, AttemptFailure failure) {
        failedAttempts.increment();
        Instant now = clock.instant();
        NextAttempt next = schedule.afterFailure(delivery.attempt(), delivery.firstAttemptAt(), now);
        Optional<EndpointHealth> health = switch (next) {
            case NextAttempt.RetryAt retry -> queue.retryLater(delivery, instanceId, failure, retry.at(), now);
            case NextAttempt.GiveUp giveUp -> queue.giveUp(delivery, instanceId, failure, now);
        };
        if (health.isEmpty()) {
            LOG.warn("Webhook delivery {} failed after its lease passed to another instance", delivery.deliveryId());
            return "lease_lost";
        }
        String outcome = switch (next) {
            case NextAttempt.RetryAt retry -> {
                LOG.info("Webhook delivery {} (notification {}, endpoint {}) attempt {} failed ({}); attempt {} at {}",
                        delivery.deliveryId(), delivery.notificationId(), delivery.endpoint(), delivery.attempt(),
                        failure.error(), retry.attempt(), retry.at());
                yield "retry";
            }
            case NextAttempt.GiveUp giveUp -> {
                LOG.warn("Webhook delivery {} (notification {}, endpoint {}) given up after {} attempts over {} ({});"
                                + " the tenant can replay it", delivery.deliveryId(), delivery.notificationId(),
                        delivery.endpoint(), giveUp.attempts(), giveUp.triedFor(), failure.error());
                yield "given_up";
            }
        };
        if (schedule.judge(health.get(), now) instanceof EndpointVerdict.Disable disable) {
            String reason = "disabled after " + disable.consecutiveFailures() + " failed attempts in a row over "
                    + disable.failingFor();
            if (queue.disable(delivery.tenant(), delivery.endpoint(), reason, now)) {
                LOG.warn("Webhook endpoint {} of tenant {} {}; its pending notifications wait until it is enabled",
                        delivery.endpoint(), delivery.tenant(), reason);
            }
        }
        return outcome;
    }
}
