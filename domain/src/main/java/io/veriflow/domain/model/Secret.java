package io.veriflow.domain.model;

import java.util.Objects;

/** Any secret the platform keeps (resume tokens, endpoint signing secrets). {@link #toString()} is redacted. */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "secret must not be null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
    }

    public static Secret of(ClientToken token) {
        return new Secret(token.reveal());
    }

    public ClientToken asClientToken() {
        return new ClientToken(value);
    }

    /** The secret itself; call only where it is used. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
