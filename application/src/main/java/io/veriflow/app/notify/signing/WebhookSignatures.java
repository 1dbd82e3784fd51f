package io.veriflow.app.notify.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The Standard Webhooks {@code v1} scheme: HMAC-SHA256 over {@code "{id}.{timestamp}.{body}"}, base64-encoded. */
final class WebhookSignatures {

    static final String VERSION_PREFIX = "v1,";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_ID_LENGTH = 255;

    private WebhookSignatures() {
    }

    /** The raw HMAC of one message. */
    static byte[] mac(WebhookSecret secret, String id, long timestamp, byte[] body) {
        Objects.requireNonNull(body, "body must not be null");
        Mac mac;
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.key(), ALGORITHM));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        mac.update(body);
        return mac.doFinal();
    }

    /** One {@code v1,<base64>} signature. */
    static String v1(WebhookSecret secret, String id, long timestamp, byte[] body) {
        return VERSION_PREFIX + Base64.getEncoder().encodeToString(mac(secret, id, timestamp, body));
    }

    static String requireValidId(String id) {
        Objects.requireNonNull(id, "webhook id must not be null");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("webhook id must be 1-" + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("webhook id must be printable ASCII without spaces");
            }
        }
        return id;
    }
}
