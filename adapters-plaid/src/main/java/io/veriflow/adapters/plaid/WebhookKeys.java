package io.veriflow.adapters.plaid;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyType;
import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plaid's webhook verification keys, cached by {@code kid} and fetched from {@code /webhook_verification_key/get} on a
 * miss. A webhook's header is attacker-controlled, so fetching is bounded:
 * <ul>
 *   <li>a {@code kid} Plaid does not know is remembered as unknown for {@link #NEGATIVE_TTL} (no fetch for it until
 *       then);
 *   <li>at most {@link #MAX_FETCHES_PER_MINUTE} fetches happen per minute in all; beyond that a miss answers
 *       {@link Unavailable} (the webhook is refused with 503 and Plaid delivers it again later), while keys already
 *       cached keep verifying;
 *   <li>one fetch at a time, so a burst of webhooks signed with a new key fetches it once.
 * </ul>
 * Keys are refreshed to learn their {@code expired_at}: when a key is older than {@link #KEY_TTL} in the cache, and,
 * following Plaid's key-rotation sample, when a new {@code kid} appears (cached keys without an expiry are then due for
 * a refresh on their next use). A refresh that fails for want of Plaid keeps the cached key.
 */
final class WebhookKeys {

    static final Duration KEY_TTL = Duration.ofHours(24);
    static final Duration NEGATIVE_TTL = Duration.ofMinutes(5);
    static final int MAX_FETCHES_PER_MINUTE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookKeys.class);
    private static final Pattern PRINTABLE_KID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Fetches the JWK ({@code key} of the answer) for a {@code kid}; throws a {@code ProviderFailure}. */
    @FunctionalInterface
    interface Fetcher {
        JsonNode fetch(String kid);
    }

    sealed interface Lookup {
    }

    record Found(VerificationKey key) implements Lookup {
    }

    /** Plaid does not know this {@code kid} (or answered with a key that cannot verify ES256). */
    record Unknown() implements Lookup {
    }

    /** The key could not be had now; try later. */
    record Unavailable(Optional<Duration> retryAfter) implements Lookup {
    }

    /** A public key and when Plaid retired it, if it did. */
    record VerificationKey(String kid, ECKey key, Optional<Instant> expiredAt) {
        VerificationKey {
            Objects.requireNonNull(kid, "kid must not be null");
            Objects.requireNonNull(key, "key must not be null");
            Objects.requireNonNull(expiredAt, "expiredAt must not be null");
        }
    }

    private record Cached(VerificationKey key, Instant fetchedAt, boolean refreshDue) {
    }

    private final Fetcher fetcher;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Cached> keys = new HashMap<>();
    private final Map<String, Instant> unknownUntil = new HashMap<>();
    private final Deque<Instant> recentFetches = new ArrayDeque<>();

    WebhookKeys(Fetcher fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    Lookup lookup(String kid) {
        if (kid == null || !PRINTABLE_KID.matcher(kid).matches()) {
            return new Unknown();
        }
        lock.lock();
        try {
            Instant now = clock.instant();
            Cached cached = keys.get(kid);
            if (cached != null && !cached.refreshDue() && now.isBefore(cached.fetchedAt().plus(KEY_TTL))) {
                return new Found(cached.key());
            }
            Instant unknown = unknownUntil.get(kid);
            if (cached == null && unknown != null && now.isBefore(unknown)) {
                return new Unknown();
            }
            if (!mayFetch(now)) {
                LOG.warn("Plaid webhook key fetches are throttled ({} a minute); kid {} not fetched now",
                        MAX_FETCHES_PER_MINUTE, printable(kid));
                return cached != null ? new Found(cached.key())
                        : new Unavailable(Optional.of(Duration.between(now, recentFetches.peekFirst().plusSeconds(60))));
            }
            recentFetches.addLast(now);
            return fetchLocked(kid, cached, now);
        } finally {
            lock.unlock();
        }
    }

    private Lookup fetchLocked(String kid, Cached cached, Instant now) {
        JsonNode jwk;
        try {
            jwk = fetcher.fetch(kid);
        } catch (ProviderFailure failure) {
            return switch (failure) {
                case ProviderRejected rejected -> {
                    LOG.info("Plaid does not know webhook key {} ({})", printable(kid), rejected.code());
                    keys.remove(kid);
                    rememberUnknown(kid, now);
                    yield new Unknown();
                }
                case ProviderUnavailable unavailable -> {
                    LOG.warn("Plaid webhook key {} could not be fetched: {}", printable(kid), unavailable.getMessage());
                    yield cached != null ? new Found(cached.key()) : new Unavailable(unavailable.retryAfter());
                }
                case ProviderContractViolation violation -> {
                    LOG.error("Plaid webhook key {} answer broke the contract: {}", printable(kid),
                            violation.getMessage());
                    yield cached != null ? new Found(cached.key()) : new Unavailable(Optional.empty());
                }
            };
        }
        Optional<VerificationKey> key = parse(kid, jwk);
        if (key.isEmpty()) {
            keys.remove(kid);
            rememberUnknown(kid, now);
            return new Unknown();
        }
        if (cached == null) {
            // A new kid: Plaid may have rotated. Learn the other keys' expiry on their next use.
            keys.replaceAll((otherKid, other) -> other.key().expiredAt().isEmpty()
                    ? new Cached(other.key(), other.fetchedAt(), true) : other);
        }
        keys.put(kid, new Cached(key.get(), now, false));
        unknownUntil.remove(kid);
        return new Found(key.get());
    }

    /** An ES256 P-256 public key whose {@code kid} is the one asked for; anything else cannot verify a webhook. */
    private static Optional<VerificationKey> parse(String kid, JsonNode jwk) {
        if (jwk == null || !jwk.isObject()) {
            LOG.error("Plaid's answer for webhook key {} has no key object", printable(kid));
            return Optional.empty();
        }
        try {
            ECKey key = ECKey.parse(JsonText.write(jwk));
            if (!KeyType.EC.equals(key.getKeyType()) || !Curve.P_256.equals(key.getCurve())
                    || (key.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(key.getAlgorithm()))
                    || !kid.equals(key.getKeyID()) || key.isPrivate()) {
                LOG.error("Plaid's answer for webhook key {} is not the ES256 public key asked for", printable(kid));
                return Optional.empty();
            }
            Optional<Instant> expiredAt = Optional.empty();
            JsonNode expired = jwk.get("expired_at");
            if (expired != null && expired.isNumber()) {
                expiredAt = Optional.of(Instant.ofEpochSecond(expired.getLongValue()));
            }
            return Optional.of(new VerificationKey(kid, key, expiredAt));
        } catch (ParseException | RuntimeException e) {
            LOG.error("Plaid's answer for webhook key {} is not a readable JWK", printable(kid));
            return Optional.empty();
        }
    }

    private void rememberUnknown(String kid, Instant now) {
        if (unknownUntil.size() >= 1_000) {
            unknownUntil.values().removeIf(until -> !now.isBefore(until));
        }
        unknownUntil.put(kid, now.plus(NEGATIVE_TTL));
    }

    private boolean mayFetch(Instant now) {
        Instant windowStart = now.minusSeconds(60);
        while (!recentFetches.isEmpty() && !recentFetches.peekFirst().isAfter(windowStart)) {
            recentFetches.removeFirst();
        }
        return recentFetches.size() < MAX_FETCHES_PER_MINUTE;
    }

    /** A kid fit for a log line (it comes from an unauthenticated header). */
    static String printable(String kid) {
        return kid != null && PRINTABLE_KID.matcher(kid).matches() ? kid : "<unprintable>";
    }
}
