package io.veriflow.domain.session;

import java.util.Objects;

/** Whether a platform command (resume, retry) may run on a session now. */
public sealed interface Permission {

    record Permitted() implements Permission {
    }

    record Refused(Refusal reason) implements Permission {
        public Refused {
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }

    enum Refusal {
        /** The provider cannot do it at all. */
        NOT_SUPPORTED,
        /** The provider cannot retry in the requested mode. */
        MODE_NOT_SUPPORTED,
        /** The attempt is still open: resume it instead of retrying. */
        STILL_OPEN,
        /** The user finished; a decision is awaited. */
        AWAITING_DECISION,
        /** A reviewer must decide first. */
        AWAITING_REVIEW,
        /** The session passed; there is nothing to retry. */
        ALREADY_PASSED,
        /** The session is decided and cannot be reopened. */
        ALREADY_DECIDED,
        /** The provider cannot reopen an expired attempt. */
        EXPIRED,
        CANCELED
    }

    static Permission permitted() {
        return new Permitted();
    }

    static Permission refused(Refusal reason) {
        return new Refused(reason);
    }
}
