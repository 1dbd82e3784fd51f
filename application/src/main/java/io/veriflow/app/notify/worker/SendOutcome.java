package io.veriflow.app.notify.worker;

import java.util.Objects;

/** What came of sending one webhook request. */
sealed interface SendOutcome {

    /** The receiver answered with this status (2xx: it took the notification). */
    record Answered(int status) implements SendOutcome {

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * No answer: refused by the address guard, no connection, a timeout, an oversized answer.
     *
     * @param error a short description naming no URL, host, header value or body
     */
    record NoAnswer(String error) implements SendOutcome {

        public NoAnswer {
            Objects.requireNonNull(error, "error must not be null");
        }
    }
}
