package io.veriflow.domain.model;

/**
 * Where the session's process stands, kept apart from its {@link Decision}: a session can be {@link #SUBMITTED} (the
 * user finished) long before anyone decided.
 */
public enum ProcessState {
    /** Created at the provider; the user has not started. */
    CREATED(0),
    /** The user is in the flow. */
    IN_PROGRESS(1),
    /** The user left before finishing; resumable. */
    ABANDONED(2),
    /** The user finished the flow; awaiting a decision. */
    SUBMITTED(3),
    /** A decision exists (see {@link Decision}). */
    DECIDED(-1),
    /** The provider (or the platform's lifetime policy) expired the session. */
    EXPIRED(-1),
    /** Canceled by an operator at the provider or by the product team. */
    CANCELED(-1);

    private final int openRank;

    ProcessState(int openRank) {
        this.openRank = openRank;
    }

    /** Decided, expired and canceled sessions are closed: only an authoritative change or resume/retry reopens them. */
    public boolean closed() {
        return openRank < 0;
    }

    /** For open states, how far the user got: created, in progress, abandoned, submitted. */
    public int openRank() {
        if (closed()) {
            throw new IllegalStateException(this + " is not an open state");
        }
        return openRank;
    }

    /** The further of two open states. */
    public static ProcessState furthestOpen(ProcessState a, ProcessState b) {
        return a.openRank() >= b.openRank() ? a : b;
    }
}
