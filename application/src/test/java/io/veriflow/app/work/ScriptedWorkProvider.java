package io.veriflow.app.work;

import io.micronaut.context.annotation.Requires;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.WebhookStyle;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test provider, {@value #NAME}: {@code fetch} answers "submitted" for any reference, unless failures were scripted
 * for it, and records every call (a concurrent count and the time of each call per reference). The provider expires
 * attempts itself, so the platform-expiry timer leaves its sessions alone.
 */
@Singleton
@Requires(property = "veriflow.test.work-providers", value = "true")
final class ScriptedWorkProvider implements VerificationProvider {

    static final String NAME = "workprov";
    static final ProviderId ID = new ProviderId(NAME);
    static final Instant AS_OF = Instant.parse("2025-06-01T12:00:00Z");

    private final Map<String, List<Instant>> fetches = new ConcurrentHashMap<>();
    private final Map<String, Deque<RuntimeException>> failures = new ConcurrentHashMap<>();

    /** The next fetches of {@code ref} throw these, in order; then it answers again. */
    void failNext(ProviderRef ref, RuntimeException... scripted) {
        failures.put(ref.value(), new ArrayDeque<>(List.of(scripted)));
    }

    int fetchesOf(ProviderRef ref) {
        return fetchTimesOf(ref).size();
    }

    List<Instant> fetchTimesOf(ProviderRef ref) {
        return List.copyOf(fetches.getOrDefault(ref.value(), List.of()));
    }

    /** Fetches per reference. */
    Map<String, Integer> fetchCounts() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        fetches.forEach((ref, times) -> counts.put(ref, times.size()));
        return counts;
    }

    @Override
    public ProviderId id() {
        return ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(ResumeSupport.NONE, Set.of(), WebhookStyle.THIN,
                new ExpiryPolicy.ProviderExpires());
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        fetches.computeIfAbsent(ref.value(), key -> new CopyOnWriteArrayList<>()).add(Instant.now());
        Deque<RuntimeException> scripted = failures.get(ref.value());
        if (scripted != null) {
            synchronized (scripted) {
                if (!scripted.isEmpty()) {
                    throw scripted.removeFirst();
                }
            }
        }
        return new Snapshot(ref, Optional.empty(), Optional.empty(), SnapshotStatus.SUBMITTED, "submitted",
                List.of(), List.of(), AS_OF);
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        throw new UnsupportedOperationException("the work tests add sessions directly");
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        throw new ProviderRejected("not_supported", "this test provider only starts and fetches");
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        throw new ProviderRejected("not_supported", "this test provider only starts and fetches");
    }
}
