package io.veriflow.domain;

import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.t;

import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.ProviderSignal;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sessions in well-known states, built only through the aggregate's own operations. */
public final class Sessions {

    /** The fixed instant every test session starts at. */
    public static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

    public static final SessionId ID = SessionId.fromParts(T0.toEpochMilli(), 0x2a5, 0x1234_5678_9abcL);
    public static final TenantId TENANT = new TenantId("acme");
    public static final ProviderId PROVIDER = new ProviderId("plaid");
    public static final SubjectRef SUBJECT = new SubjectRef("user-42");
    public static final SubjectRef SOMEONE_ELSE = new SubjectRef("user-666");
    public static final TemplateRef TEMPLATE = new TemplateRef("idvtmp_basic");

    /** The provider's id of the first attempt. */
    public static final ProviderRef REF = new ProviderRef("idv_first");
    /** The provider's id of a second attempt (a retry). */
    public static final ProviderRef SECOND_REF = new ProviderRef("idv_second");
    /** An attempt that belongs to no session of ours. */
    public static final ProviderRef FOREIGN_REF = new ProviderRef("idv_foreign");

    private Sessions() {
    }

    /** A session whose provider created the attempt up front ({@link #REF}), as Persona does. */
    public static VerificationSession aStartedSession() {
        return aSessionWithRef(REF);
    }

    public static VerificationSession aSessionWithRef(ProviderRef ref) {
        return VerificationSession.start(ID, TENANT, PROVIDER, SUBJECT, TEMPLATE, Optional.of(ref), T0).session();
    }

    /** A session whose attempt is created by the client later (Plaid Link): no provider ref yet. */
    public static VerificationSession aSessionWithoutRef() {
        return VerificationSession.start(ID, TENANT, PROVIDER, SUBJECT, TEMPLATE, Optional.empty(), T0).session();
    }

    /** The user is in the flow, as the provider says. */
    public static VerificationSession anInProgressSession() {
        return applyAll(aStartedSession(), snapshot("in-progress", REF, SnapshotStatus.IN_PROGRESS, t(1)));
    }

    /** A session decided by the provider at {@code t(5)}. */
    public static VerificationSession aDecidedSession(SnapshotStatus verdict) {
        return applyAll(aStartedSession(), snapshot("decided", REF, verdict, t(5)));
    }

    /** A session in {@code state}, reached the way it normally is (hints for the open states, snapshots otherwise). */
    public static VerificationSession inState(ProcessState state) {
        VerificationSession started = aStartedSession();
        VerificationSession session = switch (state) {
            case CREATED -> started;
            case IN_PROGRESS -> applyAll(started, hint("opened", Signals.opened()));
            case ABANDONED -> applyAll(started, hint("opened", Signals.opened()), hint("exited", Signals.exited()));
            case SUBMITTED -> applyAll(started, hint("finished", Signals.finished()));
            case DECIDED -> applyAll(started, snapshot("decided", REF, SnapshotStatus.FAILED, t(5)));
            case EXPIRED -> applyAll(started, snapshot("expired", REF, SnapshotStatus.EXPIRED, t(5)));
            case CANCELED -> applyAll(started, snapshot("canceled", REF, SnapshotStatus.CANCELED, t(5)));
        };
        if (session.state() != state) {
            throw new IllegalStateException("fixture for " + state + " ended in " + session.state());
        }
        return session;
    }

    /** The session after {@code outcome}: the new one when it changed, else {@code before}. */
    public static VerificationSession after(VerificationSession before, SignalOutcome outcome) {
        return outcome instanceof SignalOutcome.Changed changed ? changed.session() : before;
    }

    public static VerificationSession applyAll(VerificationSession session, ProviderSignal... signals) {
        return applyAll(session, List.of(signals));
    }

    public static VerificationSession applyAll(VerificationSession session, List<? extends ProviderSignal> signals) {
        VerificationSession current = session;
        for (ProviderSignal signal : signals) {
            current = after(current, current.apply(signal));
        }
        return current;
    }
}
