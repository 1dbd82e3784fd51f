package io.veriflow.app.notify.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code veriflow.notifications.delivery.*}: the webhook delivery worker of this instance.
 *
 * <pre>
 * veriflow.notifications.delivery:
 *   enabled: true              # this instance sends webhooks (any number of instances may)
 *   instance-id: host-pid-rand # the lease owner's name; unique per instance
 *   poll-interval: 500ms       # pause between claims when there was less than a full batch
 *   batch-size: 50             # deliveries claimed at a time (one short transaction)
 *   concurrency: 64            # attempts in flight at most; a new batch is claimed as soon as there is room
 *   lease: 60s                 # how long a claimed delivery is ours; after that another instance may take it
 *   retry-on-our-failure: 30s  # when an attempt could not even be made (e.g. the signing secret is unreadable)
 *   shutdown-grace: 15s        # how long shutdown waits for attempts under way
 * </pre>
 *
 * The lease must comfortably exceed the webhook client's timeouts ({@code micronaut.http.services.veriflow-webhooks}:
 * connect and read), or a slow receiver would see a second attempt while the first is still running.
 */
@ConfigurationProperties("veriflow.notifications.delivery")
public final class DeliveryProperties {

    private boolean enabled = true;
    private String instanceId = defaultInstanceId();
    private Duration pollInterval = Duration.ofMillis(500);
    private int batchSize = 50;
    private int concurrency = 64;
    private Duration lease = Duration.ofSeconds(60);
    private Duration retryOnOurFailure = Duration.ofSeconds(30);
    private Duration shutdownGrace = Duration.ofSeconds(15);

    /** {@code <HOSTNAME>-<pid>-<random>}: readable in the delivery table, unique even for two contexts in one JVM. */
    static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return (host == null || host.isBlank() ? "veriflow" : host.strip()) + "-" + ProcessHandle.current().pid()
                + "-" + HexFormat.of().formatHex(random);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        Objects.requireNonNull(instanceId, "instance-id must not be null");
        if (instanceId.isBlank() || instanceId.length() > 200) {
            throw new IllegalArgumentException(
                    "veriflow.notifications.delivery.instance-id must be 1 to 200 characters");
        }
        this.instanceId = instanceId.strip();
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = positive(pollInterval, "poll-interval");
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException(
                    "veriflow.notifications.delivery.batch-size must be between 1 and 1000, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        if (concurrency < 1 || concurrency > 1000) {
            throw new IllegalArgumentException(
                    "veriflow.notifications.delivery.concurrency must be between 1 and 1000, was " + concurrency);
        }
        this.concurrency = concurrency;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = positive(lease, "lease");
    }

    public Duration getRetryOnOurFailure() {
        return retryOnOurFailure;
    }

    public void setRetryOnOurFailure(Duration retryOnOurFailure) {
        this.retryOnOurFailure = positive(retryOnOurFailure, "retry-on-our-failure");
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        Objects.requireNonNull(shutdownGrace, "shutdown-grace must not be null");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("veriflow.notifications.delivery.shutdown-grace must not be negative");
        }
        this.shutdownGrace = shutdownGrace;
    }

    private static Duration positive(Duration value, String key) {
        Objects.requireNonNull(value, "veriflow.notifications.delivery." + key + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "veriflow.notifications.delivery." + key + " must be positive, was " + value);
        }
        return value;
    }
}
