package io.veriflow.domain.model;

/** The provider's own id for one verification attempt (a Plaid {@code idv_...}, a Persona {@code inq_...}). */
public record ProviderRef(String value) {

    public ProviderRef {
        Checks.token(value, "provider reference", 255);
    }

    @Override
    public String toString() {
        return value;
    }
}
