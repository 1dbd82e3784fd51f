package io.veriflow.domain.model;

/** Makes a provider write safe to repeat: the same key returns the first result instead of acting twice. */
public record IdempotencyKey(String value) {

    public IdempotencyKey {
        Checks.token(value, "idempotency key", 255);
    }

    @Override
    public String toString() {
        return value;
    }
}
