package io.veriflow.app.notify.signing;

import io.veriflow.domain.model.Secret;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * An endpoint's Standard Webhooks signing secret in its shared text form: {@code whsec_} followed by the base64 of 24
 * to 64 key bytes. The HMAC key is the decoded part. Kept in the {@code SecretVault} as a {@link Secret}; never
 * logged ({@link #toString()} is redacted, and no error message repeats it).
 */
public record WebhookSecret(Secret value) {

    public static final String PREFIX = "whsec_";
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;
    static final int GENERATED_KEY_BYTES = 32;

    public WebhookSecret {
        Objects.requireNonNull(value, "webhook secret must not be null");
        decode(value.reveal());
    }

    /** Reads the {@code whsec_<base64>} form. */
    public static WebhookSecret parse(String text) {
        Objects.requireNonNull(text, "webhook secret must not be null");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("webhook secret must not be empty");
        }
        return new WebhookSecret(new Secret(text));
    }

    /** A fresh secret of {@value #GENERATED_KEY_BYTES} random bytes. */
    public static WebhookSecret generate(SecureRandom random) {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return new WebhookSecret(new Secret(PREFIX + Base64.getEncoder().encodeToString(key)));
    }

    /** The {@code whsec_...} text, to store in the vault or show the product team once. */
    public Secret asSecret() {
        return value;
    }

    /** The HMAC key; a fresh copy on every call. */
    byte[] key() {
        return decode(value.reveal());
    }

    private static byte[] decode(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("webhook secret must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            // the decoder's message quotes a character of the secret: not chained on purpose
            throw new IllegalArgumentException("webhook secret must be " + PREFIX + " followed by base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "webhook secret must encode " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
