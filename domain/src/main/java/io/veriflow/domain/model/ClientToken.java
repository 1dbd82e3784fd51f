package io.veriflow.domain.model;

import java.util.Objects;

/**
 * A bearer credential with which the front end opens or reopens a provider's flow: Persona's {@code sessionToken},
 * a Plaid {@code link_token}. It grants access to personal data, so it never appears in logs, traces, errors, the
 * timeline or notifications, and is stored only through the {@code SecretVault}. {@link #toString()} is redacted.
 */
public record ClientToken(String value) {

    public ClientToken {
        Objects.requireNonNull(value, "client token must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("client token must not be blank");
        }
    }

    /** The secret itself; call only where it is handed to the front end or the vault. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "ClientToken[redacted]";
    }
}
