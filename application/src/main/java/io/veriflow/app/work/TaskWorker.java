package io.veriflow.app.work;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.veriflow.app.tracing.Traceparent;
import io.veriflow.app.tracing.UseCaseSpans;
import io.veriflow.domain.port.in.ReconcileSession;
import io.veriflow.domain.port.out.ConcurrentSessionUpdate;
import io.veriflow.domain.port.out.ProviderUnavailable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconcile tasks from the {@code task} table. Each round claims a batch of due tasks in one short transaction
 * ({@link TaskQueue#claimReconciles}), then runs them concurrently, outside that transaction, each on its own virtual
 * thread, through {@link ReconcileSession}. A task that ends in a result (reconciled, or the session is gone) is
 * marked done; a failed one is rescheduled with backoff, never dropped:
 *
 * <ul>
 *   <li>{@link ProviderUnavailable}: full-jitter exponential backoff, or the provider's retry-after if longer;</li>
 *   <li>a {@link ConcurrentSessionUpdate} that outlived the use case's own retries: the same short backoff;</li>
 *   <li>anything else (a rejection, a contract violation, a bug): a long backoff, since only a fix or a deploy will
 *       help.</li>
 * </ul>
 *
 * <p>Completing and rescheduling only touch a task whose lease this instance still holds, so a task another instance
 * took over after the lease expired is never clobbered. A full batch is followed by the next claim at once; otherwise
 * the worker waits {@code poll-interval}. On shutdown it stops claiming and waits up to {@code shutdown-grace} for
 * running tasks; tasks that fail while stopping are put back without backoff.
 */
@Singleton
@Requires(property = "veriflow.work.enabled", notEquals = "false")
public final class TaskWorker {

    private static final Logger LOG = LoggerFactory.getLogger(TaskWorker.class);

    private final Tracer tracer;
    private final TaskQueue queue;
    private final ReconcileSession reconcile;
    private final String instanceId;
    private final int batchSize;
    private final Duration lease;
    private final Duration grace;
    private final Backoff unavailable;
    private final Backoff failure;
    private final Repeater loop;
    private final LongAdder completed = new LongAdder();
    private final LongAdder rescheduled = new LongAdder();

    TaskWorker(TaskQueue queue, ReconcileSession reconcile, WorkProperties properties, OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.veriflow.work");
        this.queue = queue;
        this.reconcile = reconcile;
        this.instanceId = properties.getInstanceId();
        this.batchSize = properties.getBatchSize();
        this.lease = properties.getLease();
        this.grace = properties.getShutdownGrace();
        this.unavailable = properties.unavailableBackoff();
        this.failure = properties.failureBackoff();
        this.loop = new Repeater("task-worker", properties.getPollInterval(), () -> pollOnce() >= batchSize);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    public void start() {
        loop.start();
        LOG.info("Task worker {} started: batches of {}, leases of {}", instanceId, batchSize, lease);
    }

    @PreDestroy
    public void stop() {
        if (!loop.isStopped()) {
            loop.stop(grace);
            LOG.info("Task worker {} stopped", instanceId);
        }
    }

    /** The name this instance holds leases under. */
    public String instanceId() {
        return instanceId;
    }

    /** Tasks this instance completed since it started. */
    public long completed() {
        return completed.sum();
    }

    /** Tasks this instance rescheduled after a failure since it started. */
    public long rescheduled() {
        return rescheduled.sum();
    }

    /** Claims one batch and runs it to the end; returns how many tasks were claimed. */
    int pollOnce() {
        if (loop.isStopped()) {
            return 0;
        }
        List<ClaimedTask> claimed = queue.claimReconciles(instanceId, batchSize, lease);
        if (claimed.isEmpty()) {
            return 0;
        }
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ClaimedTask task : claimed) {
                tasks.submit(() -> run(task));
            }
        }
        return claimed.size();
    }

    /**
     * Runs one task in its own trace (it is asynchronous work), linked to the request that scheduled it, so a trace
     * viewer can follow a webhook to the reconcile it caused.
     */
    private void run(ClaimedTask task) {
        var builder = tracer.spanBuilder("veriflow.task.reconcile").setNoParent()
                .setAttribute(UseCaseSpans.TENANT, task.tenant())
                .setAttribute(UseCaseSpans.SESSION, task.session().toString())
                .setAttribute("veriflow.task.attempt", (long) task.attempts());
        task.traceparent().flatMap(Traceparent::parse).ifPresent(builder::addLink);
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            runTraced(task);
        } finally {
            span.end();
        }
    }

    private void runTraced(ClaimedTask task) {
        try {
            ReconcileSession.Result result = reconcile.reconcile(commandOf(task));
            if (queue.complete(task, instanceId)) {
                completed.increment();
                if (result instanceof ReconcileSession.NotFound) {
                    LOG.info("Reconcile task {} done: session {} of tenant {} no longer exists", task.id(),
                            task.session(), task.tenant());
                }
            } else {
                LOG.warn("Reconcile task {} finished after its lease passed to another instance", task.id());
            }
        } catch (ProviderUnavailable e) {
            retryLater(task, unavailable.next(task.attempts(), e.retryAfter()), e);
        } catch (ConcurrentSessionUpdate e) {
            retryLater(task, unavailable.next(task.attempts()), e);
        } catch (RuntimeException e) {
            retryLater(task, failure.next(task.attempts()), e);
        }
    }

    private static ReconcileSession.Command commandOf(ClaimedTask task) {
        return new ReconcileSession.Command(new TenantId(task.tenant()), new SessionId(task.session()),
                task.request().orElseThrow(() -> new IllegalStateException("the task's payload is not readable")));
    }

    private void retryLater(ClaimedTask task, Duration backoff, RuntimeException cause) {
        Duration delay = loop.isStopped() ? Duration.ZERO : Duration.ofMillis(backoff.toMillis());
        String error = FailureText.of(cause);
        try {
            TaskQueue.Rescheduled outcome = queue.reschedule(task, instanceId, delay, error);
            rescheduled.increment();
            if (cause instanceof ProviderUnavailable) {
                LOG.info("Reconcile task {} (session {}) attempt {} failed, again in {} ({}): {}", task.id(),
                        task.session(), task.attempts(), delay, outcome, FailureText.kindOf(error));
            } else {
                LOG.warn("Reconcile task {} (session {}) attempt {} failed, again in {} ({}): {}", task.id(),
                        task.session(), task.attempts(), delay, outcome, error);
            }
        } catch (RuntimeException e) {
            LOG.warn("Reconcile task {} could not be rescheduled; it is taken up again when its lease expires: {}",
                    task.id(), FailureText.of(e));
        }
    }
}
