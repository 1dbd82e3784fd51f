package io.veriflow.domain.model;

import java.util.Objects;

/**
 * What a provider sent, as kept in the signal log: JSON with personal data minimised and secrets removed by the
 * adapter that received it.
 */
public record RawPayload(String json) {

    public static final RawPayload NONE = new RawPayload("{}");

    public RawPayload {
        Objects.requireNonNull(json, "payload must not be null");
        if (json.isBlank()) {
            throw new IllegalArgumentException("payload must not be blank (use RawPayload.NONE)");
        }
    }
}
