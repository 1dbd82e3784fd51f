package io.veriflow.app.notify.store;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Identifies one webhook endpoint of a tenant. */
public record EndpointId(UUID value) {

    public EndpointId {
        Objects.requireNonNull(value, "endpoint id must not be null");
    }

    public static EndpointId random() {
        return new EndpointId(UUID.randomUUID());
    }

    /** Reads the canonical text form; empty for anything else. */
    public static Optional<EndpointId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(new EndpointId(uuid)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
