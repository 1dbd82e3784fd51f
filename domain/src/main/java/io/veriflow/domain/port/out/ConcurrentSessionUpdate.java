package io.veriflow.domain.port.out;

import io.veriflow.domain.model.SessionId;

/** Someone else saved the session first; reload and apply again. */
public final class ConcurrentSessionUpdate extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConcurrentSessionUpdate(SessionId id, long expectedVersion) {
        super("session " + id + " was changed concurrently (expected version " + expectedVersion + ")");
    }
}
