package io.veriflow.domain.session;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What applying a signal (or a platform command) to a session did. Business outcomes are values, not exceptions. */
public sealed interface SignalOutcome {

    /** Whether the provider should be asked for the authoritative state. */
    Optional<ReconcileRequest> reconcile();

    /**
     * The session changed. {@code events} may be empty when only internal knowledge changed (a hint merged into a
     * closed session, a snapshot of a previous attempt).
     */
    record Changed(VerificationSession session, List<SessionEvent> events, Optional<ReconcileRequest> reconcile)
            implements SignalOutcome {
        public Changed {
            Objects.requireNonNull(session, "session must not be null");
            events = List.copyOf(events);
            Objects.requireNonNull(reconcile, "reconcile must not be null (use Optional.empty())");
        }
    }

    /** Nothing to change; normal for duplicates, stale snapshots and thin notifications. */
    record Ignored(IgnoredBecause reason, Optional<ReconcileRequest> reconcile) implements SignalOutcome {
        public Ignored {
            Objects.requireNonNull(reason, "reason must not be null");
            Objects.requireNonNull(reconcile, "reconcile must not be null (use Optional.empty())");
        }
    }

    /** The signal contradicts what the session is (another subject, another attempt): recorded, not applied. */
    record Rejected(RejectedBecause reason) implements SignalOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason must not be null");
        }

        @Override
        public Optional<ReconcileRequest> reconcile() {
            return Optional.empty();
        }
    }

    enum IgnoredBecause {
        /** The signal tells nothing the session does not already know. */
        NOTHING_NEW,
        /** A thin notification: the state must be fetched. */
        NOTHING_TO_APPLY,
        /** A snapshot older than the one already applied. */
        STALE_SNAPSHOT,
        /** A client hint from before the last explicit resume. */
        STALE_HINT,
        /** The provider reported a status this platform does not know. */
        UNKNOWN_STATUS,
        /** A platform expiry that is not due, or not applicable. */
        NOT_DUE
    }

    enum RejectedBecause {
        /** The snapshot names another subject than the session's. */
        SUBJECT_MISMATCH,
        /** The snapshot is about an attempt that is neither this session's nor chained to it. */
        UNRELATED_REFERENCE,
        /** The client claims an attempt that is not this session's. */
        CLAIMED_REFERENCE_MISMATCH
    }
}
