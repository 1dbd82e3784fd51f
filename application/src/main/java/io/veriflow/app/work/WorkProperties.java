package io.veriflow.app.work;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code veriflow.work.*}: the task worker and its timers. Durations take Micronaut's forms ({@code 500ms}, {@code 60s},
 * {@code 30m}, {@code PT1H}).
 *
 * <pre>
 * veriflow.work:
 *   enabled: true                  # the worker and the timers run in this instance
 *   instance-id: host-pid-rand     # the lease owner's name; unique per instance
 *   poll-interval: 500ms           # pause between claims when there was less than a full batch
 *   batch-size: 10                 # tasks claimed (and run concurrently) at a time
 *   lease: 60s                     # how long a claimed task is ours; after that another instance may take it over
 *   retry-initial: 1s              # provider unavailable: full-jitter exponential backoff from here ...
 *   retry-max: 10m                 # ... up to here (or the provider's retry-after, if longer)
 *   failure-retry-initial: 1m      # any other failure (rejected, contract violation, bug): longer backoff ...
 *   failure-retry-max: 6h          # ... up to here; a deploy may fix it, so it is never dropped
 *   stuck-after-attempts: 8        # an unfinished task attempted this often is stuck ...
 *   stuck-after: 1h                # ... and so is one created longer ago than this
 *   silent-after: 30m              # an open session unchanged this long is reconciled
 *   silent-scan-interval: 1m       # how often the sweep (silent sessions, expiry, stuck, purge) runs
 *   sweep-batch-size: 100          # sessions handled per sweep and step
 *   done-retention: 24h            # done tasks are kept this long (never less than silent-after)
 *   shutdown-grace: 10s            # how long shutdown waits for running tasks
 * </pre>
 */
@ConfigurationProperties("veriflow.work")
public final class WorkProperties {

    private boolean enabled = true;
    private String instanceId = defaultInstanceId();
    private Duration pollInterval = Duration.ofMillis(500);
    private int batchSize = 10;
    private Duration lease = Duration.ofSeconds(60);
    private Duration retryInitial = Duration.ofSeconds(1);
    private Duration retryMax = Duration.ofMinutes(10);
    private Duration failureRetryInitial = Duration.ofMinutes(1);
    private Duration failureRetryMax = Duration.ofHours(6);
    private int stuckAfterAttempts = 8;
    private Duration stuckAfter = Duration.ofHours(1);
    private Duration silentAfter = Duration.ofMinutes(30);
    private Duration silentScanInterval = Duration.ofMinutes(1);
    private int sweepBatchSize = 100;
    private Duration doneRetention = Duration.ofHours(24);
    private Duration shutdownGrace = Duration.ofSeconds(10);

    /** {@code <HOSTNAME>-<pid>-<random>}: readable in the task table, and unique even for two contexts in one JVM. */
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
        Objects.requireNonNull(instanceId, "veriflow.work.instance-id must not be null");
        if (instanceId.isBlank() || instanceId.length() > 200) {
            throw new IllegalArgumentException("veriflow.work.instance-id must be 1 to 200 characters");
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
        this.batchSize = between(batchSize, 1, 1000, "batch-size");
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = positive(lease, "lease");
    }

    public Duration getRetryInitial() {
        return retryInitial;
    }

    public void setRetryInitial(Duration retryInitial) {
        this.retryInitial = positive(retryInitial, "retry-initial");
    }

    public Duration getRetryMax() {
        return retryMax;
    }

    public void setRetryMax(Duration retryMax) {
        this.retryMax = positive(retryMax, "retry-max");
    }

    public Duration getFailureRetryInitial() {
        return failureRetryInitial;
    }

    public void setFailureRetryInitial(Duration failureRetryInitial) {
        this.failureRetryInitial = positive(failureRetryInitial, "failure-retry-initial");
    }

    public Duration getFailureRetryMax() {
        return failureRetryMax;
    }

    public void setFailureRetryMax(Duration failureRetryMax) {
        this.failureRetryMax = positive(failureRetryMax, "failure-retry-max");
    }

    public int getStuckAfterAttempts() {
        return stuckAfterAttempts;
    }

    public void setStuckAfterAttempts(int stuckAfterAttempts) {
        this.stuckAfterAttempts = between(stuckAfterAttempts, 1, Integer.MAX_VALUE, "stuck-after-attempts");
    }

    public Duration getStuckAfter() {
        return stuckAfter;
    }

    public void setStuckAfter(Duration stuckAfter) {
        this.stuckAfter = positive(stuckAfter, "stuck-after");
    }

    public Duration getSilentAfter() {
        return silentAfter;
    }

    public void setSilentAfter(Duration silentAfter) {
        this.silentAfter = positive(silentAfter, "silent-after");
    }

    public Duration getSilentScanInterval() {
        return silentScanInterval;
    }

    public void setSilentScanInterval(Duration silentScanInterval) {
        this.silentScanInterval = positive(silentScanInterval, "silent-scan-interval");
    }

    public int getSweepBatchSize() {
        return sweepBatchSize;
    }

    public void setSweepBatchSize(int sweepBatchSize) {
        this.sweepBatchSize = between(sweepBatchSize, 1, 10_000, "sweep-batch-size");
    }

    public Duration getDoneRetention() {
        return doneRetention;
    }

    public void setDoneRetention(Duration doneRetention) {
        this.doneRetention = positive(doneRetention, "done-retention");
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        Objects.requireNonNull(shutdownGrace, "veriflow.work.shutdown-grace must not be null");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("veriflow.work.shutdown-grace must not be negative");
        }
        this.shutdownGrace = shutdownGrace;
    }

    /** Backoff between attempts while the provider is unavailable: full jitter. */
    Backoff unavailableBackoff() {
        return Backoff.fullJitter(retryInitial, max(retryInitial, retryMax));
    }

    /** Backoff after any other failure: "equal" jitter, so it is never shorter than half of its ceiling. */
    Backoff failureBackoff() {
        return Backoff.equalJitter(failureRetryInitial, max(failureRetryInitial, failureRetryMax));
    }

    /** Done tasks must outlive the silent period: they are what marks a session as recently reconciled. */
    Duration effectiveDoneRetention() {
        return max(doneRetention, silentAfter);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration positive(Duration value, String key) {
        Objects.requireNonNull(value, "veriflow.work." + key + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("veriflow.work." + key + " must be positive, was " + value);
        }
        return value;
    }

    private static int between(int value, int min, int max, String key) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "veriflow.work." + key + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
