package io.veriflow.domain;

import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.OtherStep;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.signal.AuthoritativeSnapshot;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.SignalMeta;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Concise factories for provider signals and snapshots. All times are fixed: {@link #t(int)} is minutes after
 * {@link Sessions#T0}; signals are received at {@link #RECEIVED} unless a factory says otherwise.
 */
public final class Signals {

    /** When test signals are received by default: well after every {@code t(...)} used in snapshots. */
    public static final Instant RECEIVED = Sessions.T0.plusSeconds(24 * 3600);

    private Signals() {
    }

    /** {@code minutes} after {@link Sessions#T0}. */
    public static Instant t(int minutes) {
        return Sessions.T0.plusSeconds(60L * minutes);
    }

    public static ProviderRef ref(String value) {
        return new ProviderRef(value);
    }

    public static Step step(StepKind kind, StepStatus status) {
        return new Step(kind, status);
    }

    public static OtherStep other(String name) {
        return new OtherStep(name);
    }

    // ---- client hints

    public static ClientHint hint(String key, HintContent content) {
        return new ClientHint(meta(key, "test.client.hint", Optional.empty(), RECEIVED), Optional.empty(), content);
    }

    public static ClientHint hintClaiming(String key, ProviderRef claimed, HintContent content) {
        return new ClientHint(meta(key, "test.client.hint", Optional.empty(), RECEIVED), Optional.of(claimed),
                content);
    }

    /** A hint whose client says it happened at {@code occurredAt} (received at {@link #RECEIVED}). */
    public static ClientHint hintOccurredAt(String key, Instant occurredAt, HintContent content) {
        return new ClientHint(meta(key, "test.client.hint", Optional.of(occurredAt), RECEIVED), Optional.empty(),
                content);
    }

    /** A hint without a client timestamp, received at {@code receivedAt}. */
    public static ClientHint hintReceivedAt(String key, Instant receivedAt, HintContent content) {
        return new ClientHint(meta(key, "test.client.hint", Optional.empty(), receivedAt), Optional.empty(), content);
    }

    public static HintContent opened() {
        return new HintContent.FlowOpened();
    }

    public static HintContent stepReported(StepKind kind, StepStatus status) {
        return new HintContent.StepReported(kind, status);
    }

    public static HintContent exited() {
        return new HintContent.FlowExited(Optional.empty());
    }

    public static HintContent exitedWithToken(String token) {
        return new HintContent.FlowExited(Optional.of(new ClientToken(token)));
    }

    public static HintContent finished() {
        return new HintContent.FlowFinished(Optional.empty());
    }

    /** A finish whose client claims a status (a forged or optimistic "approved"): it must never decide. */
    public static HintContent finishedClaiming(String claimedStatus) {
        return new HintContent.FlowFinished(Optional.of(claimedStatus));
    }

    public static HintContent clientFailed(String code, boolean blocksFlow) {
        return new HintContent.ClientFailed(code, blocksFlow);
    }

    public static HintContent informational() {
        return new HintContent.Informational();
    }

    // ---- notifications

    public static Notification thinNotification(String key, ProviderRef ref) {
        return new Notification(meta(key, "test.webhook", Optional.empty(), RECEIVED), ref, Optional.empty());
    }

    public static Notification fatNotification(String key, Snapshot snapshot) {
        return new Notification(meta(key, "test.webhook", Optional.of(snapshot.asOf()), RECEIVED), snapshot.ref(),
                Optional.of(snapshot));
    }

    // ---- authoritative snapshots

    /** An API read of {@code ref}: {@code status} as of {@code asOf}, with {@code steps} in provider order. */
    public static AuthoritativeSnapshot snapshot(
            String key, ProviderRef ref, SnapshotStatus status, Instant asOf, Step... steps) {
        return authoritative(key, snapshotOf(ref, status, asOf, steps));
    }

    public static AuthoritativeSnapshot authoritative(String key, Snapshot snapshot) {
        return new AuthoritativeSnapshot(meta(key, "test.api.fetch", Optional.empty(), RECEIVED), snapshot);
    }

    /** The snapshot value (for fat notifications, resume and retry answers). */
    public static Snapshot snapshotOf(ProviderRef ref, SnapshotStatus status, Instant asOf, Step... steps) {
        return aSnapshot(ref).status(status).asOf(asOf).steps(steps).build();
    }

    public static SnapshotBuilder aSnapshot(ProviderRef ref) {
        return new SnapshotBuilder(ref);
    }

    private static SignalMeta meta(String key, String name, Optional<Instant> occurredAt, Instant receivedAt) {
        return new SignalMeta(new DedupeKey(key), new SignalName(name), occurredAt, receivedAt);
    }

    /** For the less common snapshot fields: chain, subject, reasons, the provider's own status word. */
    public static final class SnapshotBuilder {
        private final ProviderRef ref;
        private Optional<ProviderRef> previousRef = Optional.empty();
        private Optional<SubjectRef> subject = Optional.empty();
        private SnapshotStatus status = SnapshotStatus.IN_PROGRESS;
        private Optional<String> providerStatus = Optional.empty();
        private List<Step> steps = List.of();
        private List<ReasonCode> reasons = List.of();
        private Instant asOf = t(1);

        private SnapshotBuilder(ProviderRef ref) {
            this.ref = ref;
        }

        public SnapshotBuilder replacing(ProviderRef previous) {
            this.previousRef = Optional.of(previous);
            return this;
        }

        public SnapshotBuilder subject(SubjectRef subject) {
            this.subject = Optional.of(subject);
            return this;
        }

        public SnapshotBuilder status(SnapshotStatus status) {
            this.status = status;
            return this;
        }

        public SnapshotBuilder providerStatus(String providerStatus) {
            this.providerStatus = Optional.of(providerStatus);
            return this;
        }

        public SnapshotBuilder steps(Step... steps) {
            this.steps = List.of(steps);
            return this;
        }

        public SnapshotBuilder steps(List<Step> steps) {
            this.steps = List.copyOf(steps);
            return this;
        }

        public SnapshotBuilder reasons(String... codes) {
            this.reasons = Arrays.stream(codes).map(ReasonCode::new).toList();
            return this;
        }

        public SnapshotBuilder asOf(Instant asOf) {
            this.asOf = asOf;
            return this;
        }

        public Snapshot build() {
            return new Snapshot(ref, previousRef, subject, status,
                    providerStatus.orElse(status.name().toLowerCase(Locale.ROOT)), steps, reasons, asOf);
        }
    }
}
