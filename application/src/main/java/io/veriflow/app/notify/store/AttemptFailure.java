package io.veriflow.app.notify.store;

import io.micronaut.core.annotation.Nullable;
import java.util.Objects;

/**
 * Why an attempt failed, as recorded on the delivery: the receiver's status when it answered, and a short text
 * that never contains the URL, the body, a header value or a secret.
 *
 * @param status the HTTP status the receiver answered with; null when it did not answer
 * @param error e.g. {@code HTTP 500}, {@code timeout}, {@code connection failed}, {@code refused: FORBIDDEN_ADDRESS}
 */
public record AttemptFailure(@Nullable Integer status, String error) {

    public static final int MAX_ERROR_LENGTH = 500;

    public AttemptFailure {
        Objects.requireNonNull(error, "error must not be null");
        if (error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH);
        }
    }
}
