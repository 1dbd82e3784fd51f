package io.veriflow.domain.model;

/**
 * Identifies one provider signal for de-duplication: the same signal delivered twice carries the same key (a Persona
 * {@code evt_} id, a hash of a Plaid webhook body, a hash of a forwarded client callback).
 */
public record DedupeKey(String value) {

    public DedupeKey {
        Checks.token(value, "dedupe key", 200);
    }

    @Override
    public String toString() {
        return value;
    }
}
