package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PersonaWebhookTranslatorTest {

    private static final Instant RECEIVED = Instant.parse("2026-03-14T00:00:00Z");
    private static final Map<String, SnapshotStatus> STATUS_BY_EVENT = Map.of(
            "inquiry.created", SnapshotStatus.NOT_STARTED,
            "inquiry.started", SnapshotStatus.IN_PROGRESS,
            "inquiry.completed", SnapshotStatus.SUBMITTED,
            "inquiry.approved", SnapshotStatus.PASSED,
            "inquiry.expired", SnapshotStatus.EXPIRED,
            "inquiry.failed", SnapshotStatus.FAILED,
            "inquiry.marked-for-review", SnapshotStatus.NEEDS_REVIEW,
            "inquiry.declined", SnapshotStatus.FAILED);
    private static final Map<String, String> SUBJECT_BY_INQUIRY = Map.of(
            "inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw", "usr_1001",
            "inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu", "usr_1002",
            "inq_ttj5qNGHvvVpoK8X3vnxFoczJ1zA", "usr_1003",
            "inq_165Nj1UWpkdhkPmS2xVfby7r9G8h", "usr_1004");

    /** Every webhook body file, with what deliveries.json says about it. */
    static Stream<Arguments> everyWebhookFixture() {
        List<JsonNode> deliveries = PersonaJson.elements(
                Fixtures.tree("webhooks/deliveries.json").get("deliveriesInArrivalOrder"));
        return Fixtures.files("webhooks", ".json").stream()
                .filter(file -> !file.endsWith("deliveries.json"))
                .map(file -> Arguments.of(file, deliveries.stream()
                        .filter(delivery -> delivery.get("bodyFile").getStringValue().equals(file))
                        .findFirst().orElseThrow(() -> new AssertionError("no delivery for " + file))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWebhookFixture")
    void everyInquiryEventBecomesAFatNotification(String file, JsonNode delivery) {
        JsonNode body = Fixtures.tree(file);
        String event = delivery.get("event").getStringValue();
        String inquiry = delivery.get("inquiryId").getStringValue();

        PersonaWebhookTranslator.AboutInquiry about = about(PersonaWebhookTranslator.read(body, RECEIVED));
        Notification notification = about.notification();

        assertThat(about.ref()).isEqualTo(new ProviderRef(inquiry));
        assertThat(notification.ref()).isEqualTo(new ProviderRef(inquiry));
        assertThat(notification.meta().dedupeKey().value()).isEqualTo(delivery.get("eventId").getStringValue());
        assertThat(notification.meta().name().value()).isEqualTo("persona.webhook." + event);
        assertThat(notification.meta().occurredAt()).contains(Instant.parse(
                body.get("data").get("attributes").get("created-at").getStringValue()));
        assertThat(notification.meta().receivedAt()).isEqualTo(RECEIVED);
        assertThat(notification.thin()).isFalse();
        Snapshot snapshot = notification.embedded().orElseThrow();
        assertThat(snapshot.status()).isEqualTo(STATUS_BY_EVENT.get(event));
        assertThat(snapshot.subject()).contains(new SubjectRef(SUBJECT_BY_INQUIRY.get(inquiry)));
        assertThat(snapshot.asOf()).isEqualTo(Instant.parse(body.get("data").get("attributes").get("payload")
                .get("data").get("attributes").get("updated-at").getStringValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWebhookFixture")
    void theLoggedPayloadKeepsIdsAndStatusesButNoPersonalData(String file, JsonNode delivery) throws IOException {
        PersonaWebhookTranslator.AboutInquiry about = about(PersonaWebhookTranslator.read(Fixtures.tree(file),
                RECEIVED));
        String kept = about.minimised().json();

        assertThat(kept).contains(delivery.get("eventId").getStringValue(), delivery.get("inquiryId").getStringValue(),
                delivery.get("event").getStringValue(), "\"status\"", "updated-at");
        assertThat(kept).doesNotContain("Alexander", "Sample", "1977-08-31", "600 California", "San Francisco",
                "94108", "I1234562", "fields", "behaviors", "ip-address", "203.0.113", "latitude", "user-agent");
        JsonNode reread = Fixtures.JSON.parse(kept);
        assertThat(PersonaJson.path(reread, "data", "attributes", "payload", "data", "attributes")
                .flatMap(attributes -> PersonaJson.text(attributes, "reference-id")))
                .contains(SUBJECT_BY_INQUIRY.get(delivery.get("inquiryId").getStringValue()));
    }

    @Test
    void theApprovedEventCarriesItsIncludedVerificationsAsSteps() {
        Snapshot snapshot = about(PersonaWebhookTranslator.read(Fixtures.tree("webhooks/inquiry.approved.json"),
                RECEIVED)).notification().embedded().orElseThrow();

        assertThat(snapshot.steps()).containsExactly(new Step(StandardStep.DOCUMENT, StepStatus.PASSED),
                new Step(StandardStep.SELFIE, StepStatus.PASSED));
    }

    @Test
    void eventsWithoutIncludedCarryNoStepsRatherThanGuessedOnes() {
        Snapshot snapshot = about(PersonaWebhookTranslator.read(
                Fixtures.tree("webhooks/inquiry.marked-for-review.json"), RECEIVED)).notification().embedded()
                .orElseThrow();

        assertThat(snapshot.steps()).isEmpty();
    }

    @Test
    void aVerificationOrSessionEventIsAThinNotificationForItsInquiry() {
        JsonNode verification = json("""
                {"data":{"type":"event","id":"evt_ver1","attributes":{"name":"verification.passed",
                  "created-at":"2026-03-10T14:03:00.000Z",
                  "payload":{"data":{"type":"verification/government-id","id":"ver_1",
                    "attributes":{"status":"passed","name-first":"Alexander"},
                    "relationships":{"inquiry":{"data":{"type":"inquiry","id":"inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw"}}}}}}}}""");
        JsonNode session = json("""
                {"data":{"type":"event","id":"evt_ses1","attributes":{"name":"inquiry-session.canceled",
                  "created-at":"2026-03-10T14:03:00.000Z",
                  "payload":{"data":{"type":"inquiry-session","id":"iqse_1","attributes":{"status":"active"},
                    "relationships":{"inquiry":{"data":{"type":"inquiry","id":"inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu"}}}}}}}}""");

        PersonaWebhookTranslator.AboutInquiry fromVerification = about(PersonaWebhookTranslator.read(verification,
                RECEIVED));
        PersonaWebhookTranslator.AboutInquiry fromSession = about(PersonaWebhookTranslator.read(session, RECEIVED));

        assertThat(fromVerification.ref()).isEqualTo(new ProviderRef("inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw"));
        assertThat(fromVerification.notification().thin()).isTrue();
        assertThat(fromVerification.notification().meta().name().value())
                .isEqualTo("persona.webhook.verification.passed");
        assertThat(fromVerification.minimised().json()).doesNotContain("Alexander");
        assertThat(fromSession.ref()).isEqualTo(new ProviderRef("inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu"));
        assertThat(fromSession.notification().thin()).isTrue();
    }

    @Test
    void anEmbeddedInquiryThatCannotBeDatedIsThin() {
        JsonNode event = json("""
                {"data":{"type":"event","id":"evt_x","attributes":{"name":"inquiry.approved",
                  "payload":{"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"approved"}}}}}}""");

        PersonaWebhookTranslator.AboutInquiry about = about(PersonaWebhookTranslator.read(event, RECEIVED));

        assertThat(about.notification().thin()).isTrue();
        assertThat(about.notification().meta().occurredAt()).isEmpty();
    }

    @Test
    void anUnknownEventAboutAnInquiryStillCarriesItsSnapshot() {
        JsonNode event = json("""
                {"data":{"type":"event","id":"evt_new","attributes":{"name":"inquiry.something-new",
                  "created-at":"2026-03-10T14:03:00.000Z",
                  "payload":{"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"brand_new",
                    "updated-at":"2026-03-10T14:03:00.000Z"}}}}}}""");

        Notification notification = about(PersonaWebhookTranslator.read(event, RECEIVED)).notification();

        assertThat(notification.embedded().orElseThrow().status()).isEqualTo(SnapshotStatus.UNKNOWN);
        assertThat(notification.meta().name().value()).isEqualTo("persona.webhook.inquiry.something-new");
    }

    @Test
    void eventsAboutNoInquiryAreUnrelated() {
        JsonNode account = json("""
                {"data":{"type":"event","id":"evt_acc","attributes":{"name":"account.created",
                  "payload":{"data":{"type":"account","id":"act_1","attributes":{}}}}}}""");
        JsonNode empty = json("{\"data\":{\"type\":\"event\",\"id\":\"evt_e\",\"attributes\":{\"name\":\"x.y\"}}}");

        assertThat(PersonaWebhookTranslator.read(account, RECEIVED))
                .isEqualTo(new PersonaWebhookTranslator.Unrelated("evt_acc", "account.created"));
        assertThat(PersonaWebhookTranslator.read(empty, RECEIVED))
                .isEqualTo(new PersonaWebhookTranslator.Unrelated("evt_e", "x.y"));
    }

    @Test
    void bodiesThatAreNoEventAreMalformed() {
        assertThat(PersonaWebhookTranslator.read(json("[]"), RECEIVED))
                .isInstanceOf(PersonaWebhookTranslator.Malformed.class);
        assertThat(PersonaWebhookTranslator.read(json("{\"data\":{\"attributes\":{\"name\":\"a\"}}}"), RECEIVED))
                .isInstanceOf(PersonaWebhookTranslator.Malformed.class);
        assertThat(PersonaWebhookTranslator.read(json("{\"data\":{\"id\":\"evt 1\",\"attributes\":{\"name\":\"a\"}}}"),
                RECEIVED)).isInstanceOf(PersonaWebhookTranslator.Malformed.class);
    }

    private static PersonaWebhookTranslator.AboutInquiry about(PersonaWebhookTranslator.Reading reading) {
        assertThat(reading).isInstanceOf(PersonaWebhookTranslator.AboutInquiry.class);
        return (PersonaWebhookTranslator.AboutInquiry) reading;
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.parse(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
