package io.veriflow.domain.model;

/** The provider-side flow template the session runs (a Plaid {@code idvtmp_...}, a Persona {@code itmpl_...}). */
public record TemplateRef(String value) {

    public TemplateRef {
        Checks.token(value, "template reference", 255);
    }

    @Override
    public String toString() {
        return value;
    }
}
