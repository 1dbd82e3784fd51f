package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.json.tree.JsonNode;
import io.veriflow.adapters.plaid.PlaidWebhookVerifier.KeyUnavailable;
import io.veriflow.adapters.plaid.PlaidWebhookVerifier.Refused;
import io.veriflow.adapters.plaid.PlaidWebhookVerifier.Verdict;
import io.veriflow.adapters.plaid.PlaidWebhookVerifier.Verified;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The signed test vectors of fixtures/webhook_verification, each with its documented result, and the key cache. */
class PlaidWebhookVerifierTest {

    private static final String DIR = "webhook_verification/";

    /** A fetcher serving the fixture key files by kid, counting fetches. */
    static final class FixtureKeys implements WebhookKeys.Fetcher {
        final Map<String, JsonNode> keys = new HashMap<>();
        final List<String> fetched = new ArrayList<>();
        RuntimeException failure;

        FixtureKeys with(String keyResponseFile) {
            JsonNode key = Fixtures.json(DIR + keyResponseFile).get("key");
            keys.put(JsonText.text(key, "kid").orElseThrow(), key);
            return this;
        }

        FixtureKeys with(JsonNode jwk) {
            keys.put(JsonText.text(jwk, "kid").orElseThrow(), jwk);
            return this;
        }

        @Override
        public JsonNode fetch(String kid) {
            fetched.add(kid);
            if (failure != null) {
                throw failure;
            }
            JsonNode key = keys.get(kid);
            if (key == null) {
                throw new ProviderRejected("INVALID_INPUT/INVALID_WEBHOOK_VERIFICATION_KEY_ID", "unknown kid");
            }
            return key;
        }
    }

    static Stream<Arguments> vectors() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode vector : Fixtures.json(DIR + "vectors.json").get("vectors").values()) {
            String name = JsonText.text(vector, "name").orElseThrow();
            long iat = vector.get("iat").getLongValue();
            cases.add(Arguments.of(name, vector, iat + 60, JsonText.text(vector, "expect_at_iat_plus_60").orElseThrow()));
            JsonText.text(vector, "expect_at_iat_plus_301")
                    .ifPresent(expected -> cases.add(Arguments.of(name, vector, iat + 301, expected)));
            JsonNode window = vector.get("valid_if_now_epoch_between");
            if (window != null && window.isArray()) {
                cases.add(Arguments.of(name, vector, window.get(0).getLongValue(), "accept"));
                cases.add(Arguments.of(name, vector, window.get(1).getLongValue(), "accept"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {2}: {3}")
    @MethodSource("vectors")
    void everyVectorGivesItsDocumentedResult(String name, JsonNode vector, long now, String expected) {
        FixtureKeys keys = new FixtureKeys().with(JsonText.text(vector, "key_response_file").orElseThrow());
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(now));
        PlaidWebhookVerifier verifier = new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock);
        byte[] body = Fixtures.bytes(DIR + JsonText.text(vector, "body_file").orElseThrow());
        if (vector.get("body_bytes") != null) {
            assertThat(body).hasSize(vector.get("body_bytes").getIntValue());
        }
        Verdict verdict = verifier.verify(header(JsonText.text(vector, "header_file").orElseThrow()), body);
        assertThat(outcome(verdict)).isEqualTo(expected);
        if (verdict instanceof Verified verified) {
            assertThat(verified.kid()).isEqualTo(JsonText.text(vector, "kid").orElseThrow());
            assertThat(verified.issuedAt()).isEqualTo(Instant.ofEpochSecond(vector.get("iat").getLongValue()));
        }
    }

    static Stream<JsonNode> reserialisable() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode vector : Fixtures.json(DIR + "vectors.json").get("vectors").values()) {
            if (JsonText.text(vector, "expect_if_body_reserialized_compact").isPresent()) {
                out.add(vector);
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("reserialisable")
    void aReserialisedBodyFailsTheHash(JsonNode vector) {
        FixtureKeys keys = new FixtureKeys().with(JsonText.text(vector, "key_response_file").orElseThrow());
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(vector.get("iat").getLongValue() + 60));
        PlaidWebhookVerifier verifier = new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock);
        String compact = JsonText.write(Fixtures.json(DIR + JsonText.text(vector, "body_file").orElseThrow()));
        Verdict verdict = verifier.verify(header(JsonText.text(vector, "header_file").orElseThrow()),
                compact.getBytes(StandardCharsets.UTF_8));
        assertThat(outcome(verdict)).isEqualTo(JsonText.text(vector, "expect_if_body_reserialized_compact").orElseThrow());
    }

    @Test
    void anUnknownKidIsFetchedOnceThenServedFromTheCache() {
        FixtureKeys keys = new FixtureKeys().with("webhook_verification_key_get.response.key1.json");
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1777907507L + 60));
        PlaidWebhookVerifier verifier = new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(outcome(verifier.verify(header("vector01.plaid_verification_header.txt"),
                    Fixtures.bytes(DIR + "vector01.body.json")))).isEqualTo("accept");
        }
        assertThat(keys.fetched).containsExactly("6c5516e1-92dc-479e-a8ff-5a51992e0001");
    }

    @Test
    void aKidPlaidDoesNotKnowIsRefusedAndNotFetchedAgainForAWhile() {
        FixtureKeys keys = new FixtureKeys();
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1777907507L + 60));
        WebhookKeys cache = new WebhookKeys(keys, clock);
        PlaidWebhookVerifier verifier = new PlaidWebhookVerifier(cache, clock);
        byte[] body = Fixtures.bytes(DIR + "vector01.body.json");
        assertThat(outcome(verifier.verify(header("vector01.plaid_verification_header.txt"), body)))
                .isEqualTo("reject_unknown_key");
        assertThat(outcome(verifier.verify(header("vector01.plaid_verification_header.txt"), body)))
                .isEqualTo("reject_unknown_key");
        assertThat(keys.fetched).hasSize(1);
        // once the negative entry has expired, a key Plaid knows by then is fetched
        keys.with("webhook_verification_key_get.response.key1.json");
        clock.advance(WebhookKeys.NEGATIVE_TTL);
        assertThat(cache.lookup("6c5516e1-92dc-479e-a8ff-5a51992e0001")).isInstanceOf(WebhookKeys.Found.class);
        assertThat(keys.fetched).hasSize(2);
    }

    @Test
    void keyFetchesAreBoundedSoForgedKidsCannotMakeUsFetchOnEveryRequest() {
        FixtureKeys keys = new FixtureKeys();
        MutableClock clock = new MutableClock(Instant.parse("2026-05-05T10:00:00Z"));
        WebhookKeys cache = new WebhookKeys(keys, clock);
        for (int i = 0; i < WebhookKeys.MAX_FETCHES_PER_MINUTE; i++) {
            assertThat(cache.lookup("forged-" + i)).isInstanceOf(WebhookKeys.Unknown.class);
        }
        assertThat(cache.lookup("forged-next")).isInstanceOf(WebhookKeys.Unavailable.class);
        assertThat(keys.fetched).hasSize(WebhookKeys.MAX_FETCHES_PER_MINUTE);
        assertThat(cache.lookup("forged-0")).as("remembered as unknown, no fetch").isInstanceOf(WebhookKeys.Unknown.class);
        assertThat(cache.lookup("not a printable kid \n")).isInstanceOf(WebhookKeys.Unknown.class);
        assertThat(keys.fetched).hasSize(WebhookKeys.MAX_FETCHES_PER_MINUTE);
        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.lookup("forged-next")).isInstanceOf(WebhookKeys.Unknown.class);
        assertThat(keys.fetched).hasSize(WebhookKeys.MAX_FETCHES_PER_MINUTE + 1);
    }

    @Test
    void whenPlaidIsUnavailableTheWebhookIsNotVerifiedNow() {
        FixtureKeys keys = new FixtureKeys();
        keys.failure = new ProviderUnavailable("down", Optional.of(Duration.ofSeconds(9)));
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1777907507L + 60));
        Verdict verdict = new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock)
                .verify(header("vector01.plaid_verification_header.txt"), Fixtures.bytes(DIR + "vector01.body.json"));
        assertThat(verdict).isEqualTo(new KeyUnavailable(Optional.of(Duration.ofSeconds(9))));
    }

    @Test
    void anExpiredKeyDoesNotVerifyWhatWasSignedAfterItExpired() throws Exception {
        ECKey signing = new ECKeyGenerator(Curve.P_256).keyID("test-expired-key").generate();
        Instant expiredAt = Instant.parse("2026-05-06T00:00:00Z");
        FixtureKeys keys = new FixtureKeys().with(jwk(signing, Optional.of(expiredAt)));
        byte[] body = "{\n  \"webhook_code\": \"STATUS_UPDATED\"\n}".getBytes(StandardCharsets.UTF_8);
        Instant after = expiredAt.plusSeconds(10);
        MutableClock clock = new MutableClock(after.plusSeconds(5));
        PlaidWebhookVerifier verifier = new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock);
        assertThat(outcome(verifier.verify(sign(signing, after, body), body))).isEqualTo("reject_key_expired");
        Instant before = expiredAt.minusSeconds(30);
        clock.set(before.plusSeconds(40));
        assertThat(outcome(verifier.verify(sign(signing, before, body), body))).isEqualTo("accept");
    }

    @Test
    void theFixtureKeyWithAnExpiryStillVerifiesWhatItSignedBeforeExpiring() {
        // key1_expired retired at 1778046400, after vector01 was signed (iat 1777907507)
        FixtureKeys keys = new FixtureKeys().with("webhook_verification_key_get.response.key1_expired.json");
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1777907507L + 60));
        PlaidWebhookVerifier verifier = new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock);
        assertThat(outcome(verifier.verify(header("vector01.plaid_verification_header.txt"),
                Fixtures.bytes(DIR + "vector01.body.json")))).isEqualTo("accept");
    }

    @Test
    void aNewKidMakesCachedKeysRefreshToLearnTheirExpiry() {
        FixtureKeys keys = new FixtureKeys().with("webhook_verification_key_get.response.key1.json")
                .with("webhook_verification_key_get.response.key2.json");
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1777907507L + 60));
        WebhookKeys cache = new WebhookKeys(keys, clock);
        String kid1 = "6c5516e1-92dc-479e-a8ff-5a51992e0001";
        String kid2 = "6c5516e1-92dc-479e-a8ff-5a51992e0002";
        assertThat(cache.lookup(kid1)).isInstanceOf(WebhookKeys.Found.class);
        assertThat(cache.lookup(kid1)).isInstanceOf(WebhookKeys.Found.class);
        assertThat(keys.fetched).containsExactly(kid1);
        // Plaid rotates: key1 now has an expiry, and webhooks arrive signed with key2
        keys.with("webhook_verification_key_get.response.key1_expired.json");
        assertThat(cache.lookup(kid2)).isInstanceOf(WebhookKeys.Found.class);
        WebhookKeys.Lookup refreshed = cache.lookup(kid1);
        assertThat(keys.fetched).containsExactly(kid1, kid2, kid1);
        assertThat(refreshed).isInstanceOfSatisfying(WebhookKeys.Found.class, found ->
                assertThat(found.key().expiredAt()).contains(Instant.ofEpochSecond(1778046400L)));
        cache.lookup(kid1);
        assertThat(keys.fetched).hasSize(3);
    }

    @Test
    void cachedKeysAreRefreshedAfterTheirTimeToLive() {
        FixtureKeys keys = new FixtureKeys().with("webhook_verification_key_get.response.key1.json");
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1777907507L));
        WebhookKeys cache = new WebhookKeys(keys, clock);
        String kid1 = "6c5516e1-92dc-479e-a8ff-5a51992e0001";
        cache.lookup(kid1);
        clock.advance(WebhookKeys.KEY_TTL.plusSeconds(1));
        keys.failure = new ProviderUnavailable("down", Optional.empty());
        assertThat(cache.lookup(kid1)).as("a failed refresh keeps the cached key").isInstanceOf(WebhookKeys.Found.class);
        assertThat(keys.fetched).hasSize(2);
    }

    @Test
    void missingAndGarbageHeadersAreRefused() {
        FixtureKeys keys = new FixtureKeys().with("webhook_verification_key_get.response.key1.json");
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1777907507L + 60));
        PlaidWebhookVerifier verifier = new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock);
        byte[] body = Fixtures.bytes(DIR + "vector01.body.json");
        assertThat(outcome(verifier.verify(null, body))).isEqualTo("reject_missing");
        assertThat(outcome(verifier.verify("  ", body))).isEqualTo("reject_missing");
        assertThat(outcome(verifier.verify("abc", body))).isEqualTo("reject_malformed");
        assertThat(outcome(verifier.verify("a.b.c", body))).isEqualTo("reject_malformed");
        assertThat(keys.fetched).isEmpty();
    }

    @Test
    void aForeignSignatureWithAKnownKidIsRefused() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID("6c5516e1-92dc-479e-a8ff-5a51992e0001").generate();
        FixtureKeys keys = new FixtureKeys().with("webhook_verification_key_get.response.key1.json");
        Instant now = Instant.ofEpochSecond(1777907507L + 60);
        MutableClock clock = new MutableClock(now);
        byte[] body = Fixtures.bytes(DIR + "vector01.body.json");
        assertThat(outcome(new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock)
                .verify(sign(impostor, now, body), body))).isEqualTo("reject_signature");
    }

    @Test
    void anIatFromTheFutureBeyondTheSkewIsRefused() throws Exception {
        ECKey signing = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
        FixtureKeys keys = new FixtureKeys().with(jwk(signing, Optional.empty()));
        Instant now = Instant.parse("2026-05-05T10:00:00Z");
        MutableClock clock = new MutableClock(now);
        PlaidWebhookVerifier verifier = new PlaidWebhookVerifier(new WebhookKeys(keys, clock), clock);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(verifier.verify(sign(signing, now.plusSeconds(30), body), body))).isEqualTo("accept");
        assertThat(outcome(verifier.verify(sign(signing, now.plus(PlaidWebhookVerifier.FUTURE_SKEW).plusSeconds(1),
                body), body))).isEqualTo("reject_future");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    static String header(String file) {
        return Fixtures.text(DIR + file).strip();
    }

    static String outcome(Verdict verdict) {
        return switch (verdict) {
            case Verified verified -> "accept";
            case Refused refused -> refused.reason().code();
            case KeyUnavailable unavailable -> "key_unavailable";
        };
    }

    /** A Plaid-style JWK answer for a test key. */
    static JsonNode jwk(ECKey key, Optional<Instant> expiredAt) {
        ECKey pub = key.toPublicJWK();
        return JsonText.object()
                .put("alg", "ES256")
                .put("created_at", 1777800000L)
                .put("crv", "P-256")
                .put("expired_at", expiredAt.map(at -> JsonNode.createNumberNode(at.getEpochSecond()))
                        .orElse(JsonNode.nullNode()))
                .put("kid", pub.getKeyID())
                .put("kty", "EC")
                .put("use", "sig")
                .put("x", pub.getX().toString())
                .put("y", pub.getY().toString())
                .build();
    }

    /** A Plaid-Verification JWT signed by a test key. */
    static String sign(ECKey key, Instant issuedAt, byte[] body) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issueTime(Date.from(issuedAt))
                        .claim("request_body_sha256", JsonText.sha256Hex(body)).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
