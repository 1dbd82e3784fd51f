package io.veriflow.adapters.plaid;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;

/**
 * Verifies the {@code Plaid-Verification} header of a webhook against the raw request bytes, before anything parses
 * the body (nimbus-jose-jwt does the cryptography):
 * <ol>
 *   <li>the header is a compact JWS whose protected header says {@code alg: ES256}, nothing else ({@code none},
 *       {@code HS256}, RSA or anything new are refused before any key is looked at) and names a {@code kid};
 *   <li>the key for that {@code kid} comes from {@link WebhookKeys} (Plaid's {@code /webhook_verification_key/get});
 *   <li>the ES256 signature verifies with it;
 *   <li>{@code iat} is at most {@link #MAX_AGE} old and at most {@link #FUTURE_SKEW} ahead of our clock;
 *   <li>a key Plaid retired ({@code expired_at}) verifies only what was signed before it retired ({@code iat <
 *       expired_at}): an expired key does not verify new webhooks;
 *   <li>the {@code request_body_sha256} claim equals the SHA-256 of the raw body, compared in constant time.
 * </ol>
 */
final class PlaidWebhookVerifier {

    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final Duration FUTURE_SKEW = Duration.ofMinutes(1);

    /** Why a webhook was refused; {@link #code()} names it for logs and tests. */
    enum Reason {
        MISSING_HEADER("reject_missing"),
        MALFORMED("reject_malformed"),
        ALGORITHM("reject_alg"),
        UNKNOWN_KEY("reject_unknown_key"),
        SIGNATURE("reject_signature"),
        STALE("reject_stale"),
        FROM_THE_FUTURE("reject_future"),
        KEY_EXPIRED("reject_key_expired"),
        BODY_HASH("reject_hash_mismatch");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    sealed interface Verdict {
    }

    /**
     * Authentic and fresh.
     *
     * @param signature the JWS signature segment (base64url): unique per signing, so it tells two deliveries of the
     *     same body signed in the same second apart
     */
    record Verified(String kid, Instant issuedAt, String signature) implements Verdict {
    }

    record Refused(Reason reason) implements Verdict {
    }

    /** The key could not be had now: not acknowledged, Plaid delivers again later. */
    record KeyUnavailable(Optional<Duration> retryAfter) implements Verdict {
    }

    private final WebhookKeys keys;
    private final Clock clock;

    PlaidWebhookVerifier(WebhookKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    Verdict verify(@Nullable String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return new Refused(Reason.MISSING_HEADER);
        }
        String token = header.strip();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return new Refused(Reason.MALFORMED);
        }
        Header parsedHeader;
        try {
            parsedHeader = Header.parse(new Base64URL(parts[0]));
        } catch (ParseException | RuntimeException e) {
            return new Refused(Reason.MALFORMED);
        }
        if (!(parsedHeader instanceof JWSHeader jwsHeader) || !JWSAlgorithm.ES256.equals(jwsHeader.getAlgorithm())) {
            return new Refused(Reason.ALGORITHM);
        }
        String kid = jwsHeader.getKeyID();
        if (kid == null || kid.isBlank()) {
            return new Refused(Reason.MALFORMED);
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(token);
        } catch (ParseException e) {
            return new Refused(Reason.MALFORMED);
        }
        WebhookKeys.VerificationKey key;
        switch (keys.lookup(kid)) {
            case WebhookKeys.Found found -> key = found.key();
            case WebhookKeys.Unknown unknown -> {
                return new Refused(Reason.UNKNOWN_KEY);
            }
            case WebhookKeys.Unavailable unavailable -> {
                return new KeyUnavailable(unavailable.retryAfter());
            }
        }
        try {
            if (!jws.verify(new ECDSAVerifier(key.key()))) {
                return new Refused(Reason.SIGNATURE);
            }
        } catch (JOSEException | RuntimeException e) {
            return new Refused(Reason.SIGNATURE);
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(jws.getPayload().toJSONObject());
        } catch (ParseException | RuntimeException e) {
            return new Refused(Reason.MALFORMED);
        }
        Date issued = claims.getIssueTime();
        if (issued == null) {
            return new Refused(Reason.MALFORMED);
        }
        Instant issuedAt = issued.toInstant();
        Instant now = clock.instant();
        if (Duration.between(issuedAt, now).compareTo(MAX_AGE) > 0) {
            return new Refused(Reason.STALE);
        }
        if (Duration.between(now, issuedAt).compareTo(FUTURE_SKEW) > 0) {
            return new Refused(Reason.FROM_THE_FUTURE);
        }
        if (key.expiredAt().isPresent() && !issuedAt.isBefore(key.expiredAt().get())) {
            return new Refused(Reason.KEY_EXPIRED);
        }
        Object claimed = claims.getClaim("request_body_sha256");
        if (!(claimed instanceof String claimedHash)) {
            return new Refused(Reason.MALFORMED);
        }
        byte[] expected = JsonText.sha256Hex(body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = claimedHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return new Refused(Reason.BODY_HASH);
        }
        return new Verified(kid, issuedAt, parts[2]);
    }
}
