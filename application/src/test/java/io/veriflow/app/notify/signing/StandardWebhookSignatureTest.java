package io.veriflow.app.notify.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.notify.signing.Verification.Reason;
import io.veriflow.app.notify.signing.Verification.Rejected;
import io.veriflow.app.notify.signing.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signer against the Standard Webhooks reference vector and against the verifier, one test per failure mode.
 * Fixed clocks throughout.
 */
class StandardWebhookSignatureTest {

    // The Standard Webhooks reference vector: standard-webhooks/standard-webhooks, libraries/java WebhookTest
    // (verifyWebhookSignWorks); the same values appear in the other reference libraries' tests.
    private static final WebhookSecret VECTOR_SECRET =
            WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant VECTOR_TIME = Instant.ofEpochSecond(1614265330);
    private static final byte[] VECTOR_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final byte[] BODY = "{\"id\":\"n-1\",\"type\":\"session.decided\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
    private final StandardWebhookSigner signer = new StandardWebhookSigner(clockAt(NOW));
    private final StandardWebhookVerifier verifier = new StandardWebhookVerifier(clockAt(NOW));

    @Test
    void theReferenceVectorIsReproduced() {
        WebhookHeaders headers = StandardWebhookSigner.signAt(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, List.of(VECTOR_SECRET));

        assertThat(headers.signature()).isEqualTo(VECTOR_SIGNATURE);
        assertThat(headers.timestamp()).isEqualTo(1614265330L);
        assertThat(headers.id()).isEqualTo(VECTOR_ID);
    }

    @Test
    void theReferenceVectorVerifies() {
        var atVectorTime = new StandardWebhookVerifier(clockAt(VECTOR_TIME));

        assertThat(atVectorTime.verify(VECTOR_SECRET, VECTOR_ID, "1614265330", VECTOR_SIGNATURE, VECTOR_BODY))
                .isEqualTo(new Verified(VECTOR_ID, VECTOR_TIME));
    }

    @Test
    void signedHeadersUseTheStandardNamesAndTheClock() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);

        assertThat(headers.asMap()).containsExactly(
                Map.entry("webhook-id", "n-1"),
                Map.entry("webhook-timestamp", Long.toString(NOW.getEpochSecond())),
                Map.entry("webhook-signature", headers.signature()));
        assertThat(headers.signature()).startsWith("v1,").doesNotContain(" ");
    }

    @Test
    void whatTheSignerSignsTheVerifierAccepts() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);

        assertThat(verifier.verify(secret, headers.asMap(), BODY)).isEqualTo(new Verified("n-1", NOW));
    }

    @Test
    void headerNamesAreMatchedCaseInsensitively() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        Map<String, String> received = Map.of(
                "Webhook-Id", headers.id(),
                "WEBHOOK-TIMESTAMP", Long.toString(headers.timestamp()),
                "Webhook-Signature", headers.signature());

        assertThat(verifier.verify(secret, received, BODY)).isInstanceOf(Verified.class);
    }

    @Test
    void aRetryKeepsTheIdAndSignsAFreshTimestamp() {
        WebhookHeaders first = signer.sign("n-1", BODY, secret);
        WebhookHeaders retry = new StandardWebhookSigner(clockAt(NOW.plusSeconds(30))).sign("n-1", BODY, secret);

        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(retry.timestamp()).isEqualTo(first.timestamp() + 30);
        assertThat(retry.signature()).isNotEqualTo(first.signature());
    }

    @Test
    void aTamperedBodyIsRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        byte[] tampered = "{\"id\":\"n-1\",\"type\":\"session.expired\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(secret, headers.asMap(), tampered))
                .isEqualTo(new Rejected(Reason.NO_MATCHING_SIGNATURE));
    }

    @Test
    void aTamperedTimestampIsRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);

        assertThat(verifier.verify(secret, "n-1", Long.toString(headers.timestamp() - 1), headers.signature(), BODY))
                .isEqualTo(new Rejected(Reason.NO_MATCHING_SIGNATURE));
    }

    @Test
    void aTamperedIdIsRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);

        assertThat(verifier.verify(secret, "n-2", Long.toString(headers.timestamp()), headers.signature(), BODY))
                .isEqualTo(new Rejected(Reason.NO_MATCHING_SIGNATURE));
    }

    @Test
    void anotherSecretsSignatureIsRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, WebhookSecret.generate(new SecureRandom()));

        assertThat(verifier.verify(secret, headers.asMap(), BODY))
                .isEqualTo(new Rejected(Reason.NO_MATCHING_SIGNATURE));
    }

    @Test
    void aStaleTimestampIsRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        var sixMinutesLater = new StandardWebhookVerifier(clockAt(NOW.plus(Duration.ofMinutes(6))));

        assertThat(sixMinutesLater.verify(secret, headers.asMap(), BODY))
                .isEqualTo(new Rejected(Reason.TIMESTAMP_TOO_OLD));
    }

    @Test
    void aFutureTimestampIsRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        var sixMinutesEarlier = new StandardWebhookVerifier(clockAt(NOW.minus(Duration.ofMinutes(6))));

        assertThat(sixMinutesEarlier.verify(secret, headers.asMap(), BODY))
                .isEqualTo(new Rejected(Reason.TIMESTAMP_TOO_NEW));
    }

    @Test
    void timestampsJustInsideTheToleranceAreAccepted() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        var fiveMinutesLater = new StandardWebhookVerifier(clockAt(NOW.plus(Duration.ofMinutes(5))));
        var fiveMinutesEarlier = new StandardWebhookVerifier(clockAt(NOW.minus(Duration.ofMinutes(5))));

        assertThat(fiveMinutesLater.verify(secret, headers.asMap(), BODY)).isInstanceOf(Verified.class);
        assertThat(fiveMinutesEarlier.verify(secret, headers.asMap(), BODY)).isInstanceOf(Verified.class);
    }

    @Test
    void theToleranceIsConfigurable() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        var strict = new StandardWebhookVerifier(clockAt(NOW.plusSeconds(61)), Duration.ofMinutes(1));

        assertThat(strict.verify(secret, headers.asMap(), BODY)).isEqualTo(new Rejected(Reason.TIMESTAMP_TOO_OLD));
    }

    @Test
    void aMalformedTimestampIsRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);

        assertThat(verifier.verify(secret, "n-1", "2025-03-01T12:00:00Z", headers.signature(), BODY))
                .isEqualTo(new Rejected(Reason.MALFORMED_TIMESTAMP));
        assertThat(verifier.verify(secret, "n-1", "-1", headers.signature(), BODY))
                .isEqualTo(new Rejected(Reason.MALFORMED_TIMESTAMP));
    }

    @Test
    void missingHeadersAreRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        String timestamp = Long.toString(headers.timestamp());

        assertThat(verifier.verify(secret, null, timestamp, headers.signature(), BODY))
                .isEqualTo(new Rejected(Reason.MISSING_ID));
        assertThat(verifier.verify(secret, "n-1", null, headers.signature(), BODY))
                .isEqualTo(new Rejected(Reason.MISSING_TIMESTAMP));
        assertThat(verifier.verify(secret, "n-1", timestamp, " ", BODY))
                .isEqualTo(new Rejected(Reason.MISSING_SIGNATURE));
        assertThat(verifier.verify(secret, Map.of(), BODY)).isEqualTo(new Rejected(Reason.MISSING_ID));
    }

    @Test
    void duringARotationBothSecretsSignAndEitherVerifies() {
        WebhookSecret next = WebhookSecret.generate(new SecureRandom());
        WebhookHeaders headers = signer.sign("n-1", BODY, List.of(secret, next));

        assertThat(headers.signature().split(" ")).hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
        assertThat(verifier.verify(secret, headers.asMap(), BODY)).isInstanceOf(Verified.class);
        assertThat(verifier.verify(next, headers.asMap(), BODY)).isInstanceOf(Verified.class);
    }

    @Test
    void oneMatchingSignatureAmongOthersIsEnough() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        String received = String.join(" ",
                "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
                "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
                "v1,not-base64!",
                "garbage",
                headers.signature(),
                "v1a,c2lnbmVkLWJ5LWFuLWVkMjU1MTkta2V5");

        assertThat(verifier.verify(secret, "n-1", Long.toString(headers.timestamp()), received, BODY))
                .isInstanceOf(Verified.class);
    }

    @Test
    void signaturesOfAnotherSchemeAloneAreRejected() {
        WebhookHeaders headers = signer.sign("n-1", BODY, secret);
        String v2Only = headers.signature().replace("v1,", "v2,");

        assertThat(verifier.verify(secret, "n-1", Long.toString(headers.timestamp()), v2Only, BODY))
                .isEqualTo(new Rejected(Reason.NO_MATCHING_SIGNATURE));
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
