package io.veriflow.app.notify.signing;

import io.micronaut.core.annotation.Nullable;
import io.veriflow.app.notify.signing.Verification.Reason;
import io.veriflow.app.notify.signing.Verification.Rejected;
import io.veriflow.app.notify.signing.Verification.Verified;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Verifies Standard Webhooks signatures, as a receiver does: the {@code webhook-signature} header may carry several
 * space-separated signatures (secret rotation; non-{@code v1} entries are ignored), each compared in constant time;
 * the {@code webhook-timestamp} must lie within the tolerance of now in either direction (default 5 minutes).
 */
public final class StandardWebhookVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");

    private final Clock clock;
    private final Duration tolerance;

    public StandardWebhookVerifier(Clock clock) {
        this(clock, DEFAULT_TOLERANCE);
    }

    public StandardWebhookVerifier(Clock clock, Duration tolerance) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance must not be null");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
    }

    /** Verifies with the headers as received (names matched case-insensitively). */
    public Verification verify(WebhookSecret secret, Map<String, String> headers, byte[] body) {
        return verify(secret, header(headers, WebhookHeaders.ID), header(headers, WebhookHeaders.TIMESTAMP),
                header(headers, WebhookHeaders.SIGNATURE), body);
    }

    /** Verifies with the three header values as received; any of them may be missing. */
    public Verification verify(
            WebhookSecret secret,
            @Nullable String id,
            @Nullable String timestamp,
            @Nullable String signatures,
            byte[] body) {
        Objects.requireNonNull(secret, "secret must not be null");
        Objects.requireNonNull(body, "body must not be null");
        if (id == null || id.isEmpty()) {
            return new Rejected(Reason.MISSING_ID);
        }
        if (timestamp == null || timestamp.isEmpty()) {
            return new Rejected(Reason.MISSING_TIMESTAMP);
        }
        if (signatures == null || signatures.isBlank()) {
            return new Rejected(Reason.MISSING_SIGNATURE);
        }
        if (!UNIX_SECONDS.matcher(timestamp).matches()) {
            return new Rejected(Reason.MALFORMED_TIMESTAMP);
        }
        long seconds = Long.parseLong(timestamp);
        Instant signedAt = Instant.ofEpochSecond(seconds);
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(tolerance))) {
            return new Rejected(Reason.TIMESTAMP_TOO_OLD);
        }
        if (signedAt.isAfter(now.plus(tolerance))) {
            return new Rejected(Reason.TIMESTAMP_TOO_NEW);
        }
        byte[] expected = WebhookSignatures.mac(secret, id, seconds, body);
        boolean matched = false;
        for (String candidate : signatures.trim().split(" +")) {
            if (!candidate.startsWith(WebhookSignatures.VERSION_PREFIX)) {
                continue;
            }
            byte[] presented;
            try {
                presented = Base64.getDecoder().decode(candidate.substring(WebhookSignatures.VERSION_PREFIX.length()));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            // no early exit: every candidate is compared, each in constant time
            matched |= MessageDigest.isEqual(expected, presented);
        }
        return matched ? new Verified(id, signedAt) : new Rejected(Reason.NO_MATCHING_SIGNATURE);
    }

    private static @Nullable String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
