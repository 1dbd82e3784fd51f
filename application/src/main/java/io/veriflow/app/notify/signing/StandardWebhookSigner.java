package io.veriflow.app.notify.signing;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Signs outbound notifications the Standard Webhooks way (standardwebhooks.com): {@code webhook-id} is the
 * notification's id (stable across retries), {@code webhook-timestamp} the Unix second of this attempt, and
 * {@code webhook-signature} is {@code v1,} + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")).
 *
 * <p>Every attempt is signed afresh (new timestamp, same id), over exactly the bytes that are sent. While an
 * endpoint's secret is being rotated, sign with both secrets: receivers accept any matching signature.
 */
@Singleton
public final class StandardWebhookSigner {

    private final Clock clock;

    public StandardWebhookSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** Signs one attempt now. */
    public WebhookHeaders sign(String webhookId, byte[] body, WebhookSecret secret) {
        return sign(webhookId, body, List.of(secret));
    }

    /** Signs one attempt now with every secret (oldest first during a rotation). */
    public WebhookHeaders sign(String webhookId, byte[] body, List<WebhookSecret> secrets) {
        return signAt(webhookId, clock.instant(), body, secrets);
    }

    /** Signs at a given time; for replaying a fixed vector. Sub-second precision is dropped. */
    public static WebhookHeaders signAt(String webhookId, Instant at, byte[] body, List<WebhookSecret> secrets) {
        WebhookSignatures.requireValidId(webhookId);
        Objects.requireNonNull(body, "body must not be null");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed to sign");
        }
        long timestamp = at.getEpochSecond();
        StringBuilder signatures = new StringBuilder();
        for (WebhookSecret secret : secrets) {
            if (!signatures.isEmpty()) {
                signatures.append(' ');
            }
            signatures.append(WebhookSignatures.v1(secret, webhookId, timestamp, body));
        }
        return new WebhookHeaders(webhookId, timestamp, signatures.toString());
    }
}
