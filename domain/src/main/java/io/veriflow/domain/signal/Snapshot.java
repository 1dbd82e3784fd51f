package io.veriflow.domain.signal;

import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.SubjectRef;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The provider's view of one attempt at one moment, in neutral terms.
 *
 * @param ref the attempt this is about
 * @param previousRef the attempt this one replaced, when the provider chained them (Plaid {@code previous_attempt_id})
 * @param subject the subject the provider has on record, when it says (used to refuse mis-routed snapshots)
 * @param status the neutral status
 * @param providerStatus the provider's own status word, kept for diagnostics
 * @param steps per-step status, in the provider's order
 * @param reasons reason codes for the verdict; when empty, the failed and reviewed steps are used
 * @param asOf the provider's time of this state ({@code updated-at}), or the fetch time where it has none; snapshots
 *     are ordered by it and an older one never overrides a newer one
 */
public record Snapshot(
        ProviderRef ref,
        Optional<ProviderRef> previousRef,
        Optional<SubjectRef> subject,
        SnapshotStatus status,
        String providerStatus,
        List<Step> steps,
        List<ReasonCode> reasons,
        Instant asOf) {

    /**
     * Total order: time first, then a deterministic tie-break over every other field (the status, then the richer
     * step list), so equal-time snapshots commute
     * (two snapshots compare equal only when they are equal).
     */
    public static final Comparator<Snapshot> RECENCY = Comparator.comparing(Snapshot::asOf)
            .thenComparing(Snapshot::status)
            // Of two views of the same moment, the one that reports more steps wins: a webhook that embeds the
            // resource without its steps must not erase the steps an API read of the same version returned.
            .thenComparingInt(snapshot -> snapshot.steps().size())
            .thenComparing(Snapshot::providerStatus)
            .thenComparing(snapshot -> snapshot.steps().toString())
            .thenComparing(snapshot -> snapshot.reasons().toString())
            .thenComparing(snapshot -> snapshot.ref().value())
            .thenComparing(snapshot -> snapshot.previousRef().map(ProviderRef::value).orElse(""))
            .thenComparing(snapshot -> snapshot.subject().map(SubjectRef::value).orElse(""));

    public Snapshot {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(previousRef, "previousRef must not be null (use Optional.empty())");
        Objects.requireNonNull(subject, "subject must not be null (use Optional.empty())");
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(providerStatus, "providerStatus must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        steps = List.copyOf(steps);
        reasons = List.copyOf(reasons);
        Set<StepKind> seen = new HashSet<>();
        for (Step step : steps) {
            if (!seen.add(step.kind())) {
                throw new IllegalArgumentException("snapshot lists step " + step.kind().code() + " twice");
            }
        }
        if (previousRef.isPresent() && previousRef.get().equals(ref)) {
            throw new IllegalArgumentException("an attempt cannot replace itself");
        }
    }

    public boolean newerThan(Snapshot other) {
        return RECENCY.compare(this, other) > 0;
    }
}
