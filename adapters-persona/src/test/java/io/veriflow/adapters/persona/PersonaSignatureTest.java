package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import io.veriflow.adapters.persona.PersonaSignature.Failure;
import io.veriflow.adapters.persona.PersonaSignature.Invalid;
import io.veriflow.adapters.persona.PersonaSignature.Valid;
import io.veriflow.domain.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector of {@code fixtures/signatures.md} / {@code webhooks/deliveries.json}, checked at its documented receive
 * time with the 300 s window the vectors are labelled with, plus the cases the vectors do not cover.
 */
class PersonaSignatureTest {

    private static final Duration VECTOR_WINDOW = Duration.ofSeconds(300);
    private static final JsonNode DELIVERIES = Fixtures.tree("webhooks/deliveries.json");
    private static final Secret CURRENT = new Secret(Fixtures.SECRET);
    private static final Secret OLD = new Secret(Fixtures.OLD_SECRET);

    private static PersonaSignature holding(Secret... secrets) {
        return new PersonaSignature(() -> List.of(secrets), VECTOR_WINDOW, VECTOR_WINDOW);
    }

    static Stream<Arguments> deliveries() {
        return PersonaJson.elements(DELIVERIES.get("deliveriesInArrivalOrder")).stream()
                .map(delivery -> Arguments.of(delivery.get("id").getStringValue(), delivery));
    }

    static Stream<Arguments> negativeCases() {
        return PersonaJson.elements(DELIVERIES.get("negativeCases")).stream()
                .map(negative -> Arguments.of(negative.get("case").getStringValue(), negative));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveries")
    void everyRecordedDeliveryIsAuthentic(String id, JsonNode delivery) throws Exception {
        byte[] body = Fixtures.bytes(delivery.get("bodyFile").getStringValue());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
                .as("the body file is untouched").isEqualTo(delivery.get("bodySha256").getStringValue());
        String header = delivery.get("headers").get("Persona-Signature").getStringValue();
        Instant receivedAt = Instant.ofEpochSecond(delivery.get("receivedAtUnix").getLongValue());

        assertThat(holding(CURRENT).verify(header, body, receivedAt))
                .isEqualTo(new Valid(Instant.ofEpochSecond(delivery.get("signatureTimestamp").getLongValue())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveries")
    void theSignerReproducesEveryExpectedV1(String id, JsonNode delivery) {
        byte[] body = Fixtures.bytes(delivery.get("bodyFile").getStringValue());
        long t = delivery.get("signatureTimestamp").getLongValue();
        String first = PersonaJson.elements(delivery.get("expectedV1")).getFirst().getStringValue();

        assertThat(PersonaSignature.header(CURRENT, t, body)).isEqualTo("t=" + t + ",v1=" + first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negativeCases")
    void everyNegativeVectorGivesItsDocumentedResult(String name, JsonNode negative) {
        byte[] body = transformed(negative);
        Secret secret = negative.get("secretUsed") == null ? CURRENT : new Secret(negative.get("secretUsed")
                .getStringValue());
        Instant receivedAt = Instant.ofEpochSecond(negative.get("receivedAtUnix").getLongValue());

        PersonaSignature.Check check = holding(secret).verify(negative.get("header").getStringValue(), body,
                receivedAt);

        assertThat(check instanceof Valid).isEqualTo(negative.get("acceptedWith300sTolerance").getBooleanValue());
        Failure expected = switch (name) {
            case "wrong-secret", "timestamp-swapped", "body-tampered", "reserialized-body" -> Failure.MISMATCH;
            case "stale-timestamp" -> Failure.TOO_OLD;
            case "missing-v1" -> Failure.MALFORMED;
            default -> null;
        };
        if (expected != null) {
            assertThat(check).isEqualTo(new Invalid(expected));
        }
    }

    @Test
    void aRotatedDeliveryIsAcceptedWithEitherSecretAlone() {
        byte[] body = Fixtures.bytes("webhooks/inquiry.declined.json");
        String header = "t=1773407530,v1=527a80d7aabc056745f845860df7df53a146f737b81778100df30273ac3f4a30 "
                + "t=1773407530,v1=3ac68d47dce3f2639b45b9c39df1aab491254b9ebaffb2fc22c03819d0b95e45";
        Instant receivedAt = Instant.ofEpochSecond(1773407531);

        assertThat(holding(CURRENT).verify(header, body, receivedAt)).isInstanceOf(Valid.class);
        assertThat(holding(OLD).verify(header, body, receivedAt)).isInstanceOf(Valid.class);
        assertThat(holding(new Secret("wbhsec_other")).verify(header, body, receivedAt))
                .isEqualTo(new Invalid(Failure.MISMATCH));
    }

    @Test
    void aMissingHeaderIsRefused() {
        byte[] body = Fixtures.bytes("webhooks/inquiry.approved.json");

        assertThat(holding(CURRENT).verify(null, body, Instant.ofEpochSecond(1773151493)))
                .isEqualTo(new Invalid(Failure.MISSING));
        assertThat(holding(CURRENT).verify("  ", body, Instant.ofEpochSecond(1773151493)))
                .isEqualTo(new Invalid(Failure.MISSING));
    }

    @Test
    void garbageHeadersAreMalformed() {
        byte[] body = Fixtures.bytes("webhooks/inquiry.approved.json");
        Instant now = Instant.ofEpochSecond(1773151493);

        for (String header : List.of("v1=c772b6e3783b1a1c4b25c01e163921c15feb706cc617f79c5256279eeb524791",
                "t=abc,v1=c772b6e3783b1a1c4b25c01e163921c15feb706cc617f79c5256279eeb524791",
                "t=1773151492,v1=nothex", "sha256=deadbeef", "t=1773151492,v1=" + "a".repeat(2000))) {
            assertThat(holding(CURRENT).verify(header, body, now)).as(header).isEqualTo(new Invalid(Failure.MALFORMED));
        }
    }

    @Test
    void aSignatureFromTheFutureIsRefused() {
        byte[] body = Fixtures.bytes("webhooks/inquiry.approved.json");
        Instant now = Instant.ofEpochSecond(1773151493);
        long future = now.plus(Duration.ofHours(1)).getEpochSecond();
        long slightlyAhead = now.plusSeconds(120).getEpochSecond();

        assertThat(holding(CURRENT).verify(PersonaSignature.header(CURRENT, future, body), body, now))
                .isEqualTo(new Invalid(Failure.TOO_NEW));
        assertThat(holding(CURRENT).verify(PersonaSignature.header(CURRENT, slightlyAhead, body), body, now))
                .as("clock skew within the window").isInstanceOf(Valid.class);
    }

    @Test
    void theDefaultWindowAcceptsALateRetryThatKeptItsFirstSignature() {
        byte[] body = Fixtures.bytes("webhooks/inquiry.completed.json");
        String firstAttempt = "t=1773151489,v1=a34c1afb59789beaaf18dfbfe75902bcd50e0595d4eaf30ad9fc950cc7543ce4";
        Instant lastRetry = Instant.ofEpochSecond(1773151489).plus(Duration.ofHours(51));
        PersonaSignature defaults = new PersonaSignature(() -> List.of(CURRENT),
                PersonaSettings.DEFAULT_WEBHOOK_TOLERANCE, PersonaSettings.DEFAULT_WEBHOOK_CLOCK_SKEW);

        assertThat(defaults.verify(firstAttempt, body, lastRetry)).isInstanceOf(Valid.class);
        assertThat(defaults.verify(firstAttempt, body, lastRetry.plus(Duration.ofHours(22))))
                .isEqualTo(new Invalid(Failure.TOO_OLD));
    }

    @Test
    void aGroupWithOneGoodAndOneBadV1IsAccepted() {
        byte[] body = Fixtures.bytes("webhooks/inquiry.approved.json");
        String header = "t=1773151492,v1=" + "0".repeat(64)
                + ",v1=c772b6e3783b1a1c4b25c01e163921c15feb706cc617f79c5256279eeb524791";

        assertThat(holding(CURRENT).verify(header, body, Instant.ofEpochSecond(1773151493)))
                .isInstanceOf(Valid.class);
    }

    private static byte[] transformed(JsonNode negative) {
        String file = negative.get("bodyFile").getStringValue();
        String name = negative.get("case").getStringValue();
        String body = Fixtures.text(file);
        return switch (name) {
            case "body-tampered" -> body.replaceFirst("\"status\":\"approved\"", "\"status\":\"declined\"")
                    .getBytes(StandardCharsets.UTF_8);
            case "reserialized-body" -> pretty(Fixtures.tree(file)).getBytes(StandardCharsets.UTF_8);
            default -> Fixtures.bytes(file);
        };
    }

    /** A 2-space indented re-serialisation: the same document, other bytes. */
    private static String pretty(JsonNode node) {
        return PersonaJson.write(node).replace(",", ",\n  ");
    }
}
