package io.veriflow.domain.session;

import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.Permission.Refusal;
import io.veriflow.domain.session.SignalOutcome.Changed;
import io.veriflow.domain.session.SignalOutcome.Ignored;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.session.SignalOutcome.Rejected;
import io.veriflow.domain.session.SignalOutcome.RejectedBecause;
import io.veriflow.domain.signal.AuthoritativeSnapshot;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.ProviderSignal;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate: one attempt-chain of verifying one subject through one provider for one tenant.
 *
 * <p>Authority rules (ARCHITECTURE.md section 3), all enforced here and in {@link Attempt#state()}:
 *
 * <ol>
 *   <li>A client hint may move the process forward (in progress, abandoned, submitted) and record step progress, and
 *       always asks for reconciliation; it never sets a decision (it has no way to carry one).
 *   <li>A thin notification asks for reconciliation; a fat one is applied like a snapshot.
 *   <li>An authoritative snapshot wins unless it is older than the one already applied: stale snapshots are ignored.
 *   <li>Decided, expired and canceled are sticky except through an authoritative change or an explicit resume/retry.
 *   <li>Applying a signal twice is a no-op, and any permutation of the same signals ends in the same state, because
 *       each authority's knowledge is merged with a commutative, idempotent rule (newest snapshot, furthest hint).
 * </ol>
 *
 * <p>{@code version} is the persisted version this instance was loaded with; the repository checks and bumps it.
 */
public record VerificationSession(
        SessionId id,
        TenantId tenant,
        ProviderId provider,
        SubjectRef subject,
        TemplateRef template,
        List<Attempt> attempts,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public VerificationSession {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(subject, "subject must not be null");
        Objects.requireNonNull(template, "template must not be null");
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
        attempts = List.copyOf(attempts);
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a session has at least one attempt");
        }
        for (int i = 0; i < attempts.size(); i++) {
            if (attempts.get(i).number() != i + 1) {
                throw new IllegalArgumentException("attempts must be numbered 1, 2, 3... in order");
            }
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    /**
     * Starts a session. {@code ref} is the provider's attempt id when the provider created one up front (a Persona
     * inquiry, a pre-created Plaid IDV); otherwise the first snapshot confirms it.
     */
    public static Changed start(
            SessionId id,
            TenantId tenant,
            ProviderId provider,
            SubjectRef subject,
            TemplateRef template,
            Optional<ProviderRef> ref,
            Instant now) {
        Attempt first = Attempt.open(1, ref, Optional.empty(), AttemptOrigin.SESSION_START, now);
        VerificationSession session =
                new VerificationSession(id, tenant, provider, subject, template, List.of(first), now, now, 0);
        return new Changed(session,
                List.of(new SessionEvent.SessionStarted(id, now, provider, template, subject)), Optional.empty());
    }

    public Attempt currentAttempt() {
        return attempts.getLast();
    }

    public ProcessState state() {
        return currentAttempt().state();
    }

    public Optional<Decision> decision() {
        return currentAttempt().decision();
    }

    public List<Step> steps() {
        return currentAttempt().steps();
    }

    /** The provider's id of the current attempt, once confirmed. */
    public Optional<ProviderRef> providerRef() {
        return currentAttempt().ref();
    }

    /** Applies one signal under the authority rules. */
    public SignalOutcome apply(ProviderSignal signal) {
        Objects.requireNonNull(signal, "signal must not be null");
        return switch (signal) {
            case ClientHint hint -> applyHint(hint);
            case Notification notification -> notification.embedded()
                    .map(snapshot -> alsoReadingStepsIfMissing(
                            applySnapshot(snapshot, signal.meta().receivedAt()), snapshot))
                    .orElseGet(() -> new Ignored(IgnoredBecause.NOTHING_TO_APPLY, Optional.of(
                            new ReconcileRequest(notification.ref(), ReconcileRequest.Why.THIN_NOTIFICATION))));
            case AuthoritativeSnapshot authoritative ->
                    applySnapshot(authoritative.snapshot(), signal.meta().receivedAt());
        };
    }

    /**
     * A fat notification that embeds the resource without its steps (Persona's webhooks since 2026 carry no
     * {@code included}) is applied, and also asks for the provider's full view, so the steps and the reasons behind a
     * decision are not lost; an API read of the same moment wins over the step-less view (see
     * {@link Snapshot#RECENCY}).
     */
    private static SignalOutcome alsoReadingStepsIfMissing(SignalOutcome outcome, Snapshot embedded) {
        if (!embedded.steps().isEmpty()) {
            return outcome;
        }
        Optional<ReconcileRequest> read =
                Optional.of(new ReconcileRequest(embedded.ref(), ReconcileRequest.Why.INCOMPLETE_SNAPSHOT));
        return switch (outcome) {
            case Changed changed -> new Changed(changed.session(), changed.events(), read);
            case Ignored ignored -> ignored.reason() == IgnoredBecause.STALE_SNAPSHOT
                    ? ignored
                    : new Ignored(ignored.reason(), read);
            case Rejected rejected -> rejected;
        };
    }

    /** Whether the front end may be handed a way back into the flow. */
    public Permission mayResume(ProviderCapabilities capabilities) {
        if (capabilities.resume() == ResumeSupport.NONE) {
            return Permission.refused(Refusal.NOT_SUPPORTED);
        }
        return switch (state()) {
            case CREATED, IN_PROGRESS, ABANDONED -> Permission.permitted();
            case SUBMITTED -> Permission.refused(Refusal.AWAITING_DECISION);
            case DECIDED -> Permission.refused(Refusal.ALREADY_DECIDED);
            case EXPIRED -> capabilities.resume() == ResumeSupport.OPEN_AND_EXPIRED_ATTEMPTS
                    ? Permission.permitted()
                    : Permission.refused(Refusal.EXPIRED);
            case CANCELED -> Permission.refused(Refusal.CANCELED);
        };
    }

    /**
     * Records an explicit resume: the user is back in the flow. {@code providerView} is the state the provider
     * returned with the resume (Persona answers with the reopened inquiry), applied as a snapshot.
     *
     * @throws IllegalStateException if {@link #mayResume} does not permit it (a caller bug)
     */
    public Changed resumed(ProviderCapabilities capabilities, Optional<Snapshot> providerView, Instant now) {
        requirePermitted(mayResume(capabilities), "resume");
        VerificationSession reopened = withCurrent(currentAttempt().resumed(now), now);
        VerificationSession result = reopened;
        if (providerView.isPresent()) {
            SignalOutcome applied = reopened.applySnapshot(providerView.get(), now);
            if (applied instanceof Changed changed) {
                result = changed.session();
            } else if (applied instanceof Rejected rejected) {
                throw new IllegalStateException("the provider's resume answer was rejected: " + rejected.reason());
            }
        }
        List<SessionEvent> events = new ArrayList<>();
        events.add(new SessionEvent.SessionResumed(id, now));
        events.addAll(eventsBetween(this, result, now).stream()
                .filter(event -> !(event instanceof SessionEvent.SessionInProgress))
                .toList());
        return new Changed(result, events, Optional.empty());
    }

    /** Whether a new attempt may replace the current one. */
    public Permission mayRetry(ProviderCapabilities capabilities, RetryPlan plan) {
        if (!capabilities.retries()) {
            return Permission.refused(Refusal.NOT_SUPPORTED);
        }
        if (!capabilities.retryModes().contains(plan.mode())) {
            return Permission.refused(Refusal.MODE_NOT_SUPPORTED);
        }
        return switch (state()) {
            case CREATED, IN_PROGRESS, ABANDONED -> Permission.refused(Refusal.STILL_OPEN);
            case SUBMITTED -> Permission.refused(Refusal.AWAITING_DECISION);
            case DECIDED -> switch (decision().orElseThrow().verdict()) {
                case FAILED -> Permission.permitted();
                case PASSED -> Permission.refused(Refusal.ALREADY_PASSED);
                case NEEDS_REVIEW -> Permission.refused(Refusal.AWAITING_REVIEW);
            };
            case EXPIRED -> Permission.permitted();
            case CANCELED -> Permission.refused(Refusal.CANCELED);
        };
    }

    /**
     * Opens the attempt the provider created for a retry.
     *
     * @throws IllegalStateException if {@link #mayRetry} does not permit it (a caller bug)
     */
    public Changed retried(
            ProviderCapabilities capabilities, RetryPlan plan, ProviderRef newRef, Optional<Snapshot> providerView,
            Instant now) {
        requirePermitted(mayRetry(capabilities, plan), "retry");
        if (attemptFor(newRef).isPresent()) {
            throw new IllegalStateException("the provider returned an attempt this session already has");
        }
        Attempt next = Attempt.open(attempts.size() + 1, Optional.of(newRef), currentAttempt().ref(),
                AttemptOrigin.RETRY, now);
        List<Attempt> chain = new ArrayList<>(attempts);
        chain.add(next);
        VerificationSession opened = copy(chain, now);
        VerificationSession result = opened;
        if (providerView.isPresent()) {
            SignalOutcome applied = opened.applySnapshot(providerView.get(), now);
            if (applied instanceof Changed changed) {
                result = changed.session();
            } else if (applied instanceof Rejected rejected) {
                throw new IllegalStateException("the provider's retry answer was rejected: " + rejected.reason());
            }
        }
        return new Changed(result, eventsBetween(this, result, now), Optional.empty());
    }

    /**
     * Expires the current attempt if the platform enforces a lifetime (the provider does not expire attempts itself)
     * and it has been open longer than that. Submitted attempts are not expired: their decision is awaited.
     */
    public SignalOutcome expireIfOverdue(ExpiryPolicy policy, Instant now) {
        return switch (policy) {
            case ExpiryPolicy.ProviderExpires providerExpires -> new Ignored(IgnoredBecause.NOT_DUE, Optional.empty());
            case ExpiryPolicy.PlatformExpires platformExpires -> {
                Attempt current = currentAttempt();
                boolean open = switch (current.state()) {
                    case CREATED, IN_PROGRESS, ABANDONED -> true;
                    case SUBMITTED, DECIDED, EXPIRED, CANCELED -> false;
                };
                Instant due = current.resumedAt().orElse(current.openedAt()).plus(platformExpires.lifetime());
                if (!open || now.isBefore(due)) {
                    yield new Ignored(IgnoredBecause.NOT_DUE, Optional.empty());
                }
                VerificationSession expired = withCurrent(current.expiredByPlatform(now), now);
                yield new Changed(expired, eventsBetween(this, expired, now), Optional.empty());
            }
        };
    }

    private SignalOutcome applyHint(ClientHint hint) {
        Attempt target = currentAttempt();
        if (hint.claimedRef().isPresent() && target.ref().isPresent() && !target.isAbout(hint.claimedRef().get())) {
            Optional<Attempt> earlier = attemptFor(hint.claimedRef().get());
            if (earlier.isEmpty()) {
                return new Rejected(RejectedBecause.CLAIMED_REFERENCE_MISMATCH);
            }
            target = earlier.get();
        }
        Optional<ReconcileRequest> reconcile = target.ref().or(hint::claimedRef)
                .map(ref -> new ReconcileRequest(ref, ReconcileRequest.Why.CLIENT_HINT));
        Optional<Instant> resumedAt = target.resumedAt();
        if (resumedAt.isPresent() && hint.meta().effectiveTime().isBefore(resumedAt.get())) {
            return new Ignored(IgnoredBecause.STALE_HINT, reconcile);
        }
        ClientProgress merged = target.client().with(hint.content());
        if (merged.equals(target.client())) {
            return new Ignored(IgnoredBecause.NOTHING_NEW, reconcile);
        }
        VerificationSession next = replace(target.withClient(merged), hint.meta().receivedAt());
        return new Changed(next, eventsBetween(this, next, hint.meta().receivedAt()), reconcile);
    }

    private SignalOutcome applySnapshot(Snapshot snapshot, Instant at) {
        if (snapshot.subject().isPresent() && !snapshot.subject().get().equals(subject)) {
            return new Rejected(RejectedBecause.SUBJECT_MISMATCH);
        }
        if (snapshot.status() == SnapshotStatus.UNKNOWN) {
            return new Ignored(IgnoredBecause.UNKNOWN_STATUS, Optional.empty());
        }
        Attempt current = currentAttempt();
        Optional<Attempt> known = attemptFor(snapshot.ref());
        Attempt target;
        VerificationSession base = this;
        if (known.isPresent()) {
            target = known.get();
        } else if (current.ref().isEmpty() && snapshot.previousRef().isPresent() && attempts.size() == 1) {
            // A later attempt chained to ours, seen before ours was confirmed: the chain names our attempt.
            Attempt confirmed = current.confirmedAs(snapshot.previousRef().get());
            target = Attempt.open(2, Optional.of(snapshot.ref()), snapshot.previousRef(), AttemptOrigin.PROVIDER,
                    snapshot.asOf());
            base = copy(List.of(confirmed, target), at);
        } else if (current.ref().isEmpty()) {
            target = current;
        } else if (snapshot.previousRef().isPresent() && current.isAbout(snapshot.previousRef().get())) {
            target = Attempt.open(attempts.size() + 1, Optional.of(snapshot.ref()), snapshot.previousRef(),
                    AttemptOrigin.PROVIDER, snapshot.asOf());
            List<Attempt> chain = new ArrayList<>(attempts);
            chain.add(target);
            base = copy(chain, at);
        } else {
            return new Rejected(RejectedBecause.UNRELATED_REFERENCE);
        }
        Optional<Attempt> updated = target.withSnapshot(snapshot);
        if (updated.isEmpty()) {
            IgnoredBecause why = target.snapshot().orElseThrow().equals(snapshot)
                    ? IgnoredBecause.NOTHING_NEW
                    : IgnoredBecause.STALE_SNAPSHOT;
            return new Ignored(why, Optional.empty());
        }
        VerificationSession next = base.replace(updated.get(), at);
        return new Changed(next, eventsBetween(this, next, at), Optional.empty());
    }

    private Optional<Attempt> attemptFor(ProviderRef ref) {
        return attempts.stream().filter(attempt -> attempt.isAbout(ref)).findFirst();
    }

    private VerificationSession replace(Attempt attempt, Instant at) {
        List<Attempt> chain = new ArrayList<>(attempts);
        chain.set(attempt.number() - 1, attempt);
        return copy(chain, at);
    }

    private VerificationSession withCurrent(Attempt attempt, Instant at) {
        return replace(attempt, at);
    }

    private VerificationSession copy(List<Attempt> chain, Instant at) {
        Instant touched = at.isAfter(updatedAt) ? at : updatedAt;
        return new VerificationSession(id, tenant, provider, subject, template, chain, createdAt, touched, version);
    }

    private static void requirePermitted(Permission permission, String command) {
        if (permission instanceof Permission.Refused refused) {
            throw new IllegalStateException(command + " is not permitted: " + refused.reason());
        }
    }

    /** The events that tell a product team how {@code before} became {@code after}. */
    static List<SessionEvent> eventsBetween(VerificationSession before, VerificationSession after, Instant at) {
        List<SessionEvent> events = new ArrayList<>();
        SessionId id = after.id();
        ProcessState fromState = before.state();
        Optional<Decision> fromDecision = before.decision();
        List<Step> fromSteps = before.steps();
        if (after.attempts().size() > before.attempts().size()) {
            Attempt opened = after.currentAttempt();
            events.add(new SessionEvent.AttemptRetried(id, at, opened.number(), opened.ref(), opened.origin()));
            fromState = ProcessState.CREATED;
            fromDecision = Optional.empty();
            fromSteps = List.of();
        }
        ProcessState toState = after.state();
        if (toState != fromState) {
            events.add(stateEvent(id, at, fromState, toState, after.decision()));
        } else if (toState == ProcessState.DECIDED && !fromDecision.equals(after.decision())) {
            events.add(new SessionEvent.DecisionChanged(id, at, fromDecision.orElseThrow(),
                    after.decision().orElseThrow()));
        }
        Map<StepKind, StepStatus> previous = new HashMap<>();
        fromSteps.forEach(step -> previous.put(step.kind(), step.status()));
        for (Step step : after.steps()) {
            StepStatus was = previous.get(step.kind());
            if (was != step.status()) {
                events.add(new SessionEvent.StepProgressed(id, at, step.kind(), Optional.ofNullable(was),
                        step.status()));
            }
        }
        return List.copyOf(events);
    }

    private static SessionEvent stateEvent(
            SessionId id, Instant at, ProcessState from, ProcessState to, Optional<Decision> decision) {
        if (from.closed() && !to.closed()) {
            return new SessionEvent.SessionReopened(id, at, from, to);
        }
        return switch (to) {
            case CREATED -> new SessionEvent.SessionReopened(id, at, from, to);
            case IN_PROGRESS -> new SessionEvent.SessionInProgress(id, at);
            case ABANDONED -> new SessionEvent.SessionAbandoned(id, at);
            case SUBMITTED -> new SessionEvent.SessionSubmitted(id, at);
            case DECIDED -> new SessionEvent.SessionDecided(id, at, decision.orElseThrow());
            case EXPIRED -> new SessionEvent.SessionExpired(id, at);
            case CANCELED -> new SessionEvent.SessionCanceled(id, at);
        };
    }

    /** True when the verdict is final in the sense that no reviewer is pending. */
    public boolean finallyDecided() {
        return decision().map(decision -> decision.verdict() != Verdict.NEEDS_REVIEW).orElse(false);
    }
}
