package io.veriflow.app.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.security.MessageDigest;

/**
 * The operator key from configuration ({@value #PROPERTY}, environment {@code VERIFLOW_OPERATOR_KEY}), which
 * authenticates the platform's operator on {@code /admin/**}. Without it the admin API is disabled.
 *
 * <p>Only its SHA-256 digest is kept. A presented key is hashed and the digests compared with
 * {@link MessageDigest#isEqual(byte[], byte[])}, so the comparison takes the same time whatever the presented key's
 * length or content. A configured key must be at least {@value #MIN_LENGTH} characters and must not look like an API
 * key or client secret; otherwise the service refuses to start (the message never contains the key).
 */
@Context
final class OperatorKey {

    static final String PROPERTY = "veriflow.operator-key";
    static final int MIN_LENGTH = 32;

    @Nullable
    private final byte[] digest;

    OperatorKey(@Property(name = PROPERTY) @Nullable String configured) {
        if (configured == null || configured.isBlank()) {
            this.digest = null;
            return;
        }
        String key = configured.strip();
        if (key.length() < MIN_LENGTH) {
            throw new ConfigurationException(PROPERTY + " (VERIFLOW_OPERATOR_KEY) must be at least " + MIN_LENGTH
                    + " characters; generate one with e.g. `openssl rand -base64 32`");
        }
        for (Credentials.Kind kind : Credentials.Kind.values()) {
            if (kind.claims(key)) {
                throw new ConfigurationException(PROPERTY + " must not start with " + kind.marker()
                        + ", which marks credentials the service issues");
            }
        }
        this.digest = Credentials.sha256(key);
    }

    /** Whether an operator key is configured, i.e. whether the admin API is enabled. */
    boolean configured() {
        return digest != null;
    }

    /** Whether a presented token is the operator key; always false when none is configured. */
    boolean matches(String presented) {
        byte[] expected = digest;
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(Credentials.sha256(presented), expected);
    }
}
