package io.veriflow.app.notify.signing;

import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * The three Standard Webhooks headers of one delivery attempt.
 *
 * @param id {@code webhook-id}: the notification's id, the same on every retry, so receivers can deduplicate
 * @param timestamp {@code webhook-timestamp}: when this attempt was signed, in Unix seconds
 * @param signature {@code webhook-signature}: one or more space-separated {@code v1,<base64>} signatures
 */
public record WebhookHeaders(String id, long timestamp, String signature) {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    public WebhookHeaders {
        WebhookSignatures.requireValidId(id);
        Objects.requireNonNull(signature, "signature must not be null");
        if (timestamp < 0) {
            throw new IllegalArgumentException("webhook timestamp must not be negative");
        }
    }

    /** The headers to send, in a stable order. */
    public SequencedMap<String, String> asMap() {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(TIMESTAMP, Long.toString(timestamp));
        headers.put(SIGNATURE, signature);
        return headers;
    }
}
