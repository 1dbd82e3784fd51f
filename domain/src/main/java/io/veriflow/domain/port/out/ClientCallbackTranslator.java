package io.veriflow.domain.port.out;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.signal.ClientHint;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Turns a provider's client callback, forwarded verbatim by the product team's front end, into client hints. One
 * implementation per adapter; the application picks it by {@link #provider()}.
 */
public interface ClientCallbackTranslator {

    ProviderId provider();

    /**
     * @param body the callback exactly as the front end posted it
     * @param receivedAt our clock at receipt
     */
    Translation translate(String body, Instant receivedAt);

    /** The outcome of translating one forwarded callback. */
    sealed interface Translation {
    }

    /**
     * @param hints usually one; a batch of Link events gives several
     * @param minimised what may be kept in the signal log: no secrets, personal data minimised
     */
    record Translated(List<ClientHint> hints, RawPayload minimised) implements Translation {
        public Translated {
            hints = List.copyOf(hints);
            Objects.requireNonNull(minimised, "minimised must not be null");
        }
    }

    /**
     * The body is not a callback this provider sends.
     *
     * @param field JSON pointer of the field at fault
     * @param problem what is wrong, without echoing the value
     */
    record Unreadable(String field, String problem) implements Translation {
        public Unreadable {
            Objects.requireNonNull(field, "field must not be null");
            Objects.requireNonNull(problem, "problem must not be null");
        }
    }
}
