package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.SnapshotStatus;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /webhooks/persona} over HTTP, with the recorded deliveries and a fake {@link RecordSignal}. */
@MicronautTest
@Property(name = "veriflow.persona.api-key", value = "persona_sandbox_unused")
@Property(name = "veriflow.persona.webhook-secrets", value = Fixtures.SECRET)
@Property(name = "veriflow.persona.webhook-tolerance", value = "300s")
@Property(name = "veriflow.persona.webhook-clock-skew", value = "300s")
class PersonaWebhookControllerIT {

    private static final JsonNode DELIVERIES = Fixtures.tree("webhooks/deliveries.json");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    RecordingRecordSignal recordSignal;

    @Inject
    MutableClock clock;

    @BeforeEach
    void reset() {
        recordSignal.reset();
    }

    static Stream<Arguments> deliveries() {
        return PersonaJson.elements(DELIVERIES.get("deliveriesInArrivalOrder")).stream()
                .filter(delivery -> !delivery.get("id").getStringValue().equals("dlv_09"))
                .map(delivery -> Arguments.of(delivery.get("id").getStringValue(), delivery));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveries")
    void aSignedDeliveryIsRecordedAndAcknowledged(String id, JsonNode delivery) {
        clock.setEpochSecond(delivery.get("receivedAtUnix").getLongValue());

        HttpResponse<String> response = post(Fixtures.bytes(delivery.get("bodyFile").getStringValue()),
                delivery.get("headers"));

        assertThat(response.code()).isEqualTo(200);
        assertThat(recordSignal.commands()).hasSize(1);
        RecordSignal.Command command = recordSignal.commands().getFirst();
        assertThat(command.provider()).isEqualTo(PersonaProvider.ID);
        assertThat(command.target()).isEqualTo(new RecordSignal.ToProviderRef(
                new ProviderRef(delivery.get("inquiryId").getStringValue())));
        Notification notification = (Notification) command.signal();
        assertThat(notification.meta().dedupeKey().value()).isEqualTo(delivery.get("eventId").getStringValue());
        assertThat(notification.meta().receivedAt()).isEqualTo(clock.instant());
        assertThat(notification.embedded()).isPresent();
        assertThat(command.payload().json()).doesNotContain("Alexander", "1977-08-31");
    }

    @Test
    void theApprovedDeliveryEmbedsAPassedSnapshot() {
        clock.setEpochSecond(1773151493);

        post(Fixtures.bytes("webhooks/inquiry.approved.json"), delivery("dlv_04").get("headers"));

        Notification notification = (Notification) recordSignal.commands().getFirst().signal();
        assertThat(notification.embedded().orElseThrow().status()).isEqualTo(SnapshotStatus.PASSED);
        assertThat(notification.meta().occurredAt()).contains(Instant.parse("2026-03-10T14:04:51.903Z"));
    }

    @Test
    void aDeliveryDuringRotationIsAccepted() {
        clock.setEpochSecond(1773407531);

        HttpResponse<String> response = post(Fixtures.bytes("webhooks/inquiry.declined.json"),
                delivery("dlv_09").get("headers"));

        assertThat(response.code()).isEqualTo(200);
        assertThat(recordSignal.commands()).hasSize(1);
    }

    @Test
    void aDuplicateIsAcknowledged() {
        clock.setEpochSecond(1773151494);
        recordSignal.answer(new RecordSignal.Duplicate());

        HttpResponse<String> response = post(Fixtures.bytes("webhooks/inquiry.completed.json"),
                delivery("dlv_05").get("headers"));

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body()).contains("duplicate");
    }

    @Test
    void anEventForNoKnownSessionIsNotAcknowledgedSoPersonaRedelivers() {
        clock.setEpochSecond(1773151207);
        recordSignal.answer(new RecordSignal.UnknownSession());

        HttpClientResponseException refused = refused(Fixtures.bytes("webhooks/inquiry.created.json"),
                "t=1773151206,v1=ab2ddf378a8750454119faf1436eb57636be63a2155a5e029671f8c0ab280931");

        assertThat(refused.getStatus().getCode()).isEqualTo(503);
        assertThat(refused.getResponse().getHeaders().get("Retry-After")).isEqualTo("5");
    }

    @Test
    void aTamperedBodyIsRefusedAndNothingIsRecorded() {
        clock.setEpochSecond(1773151493);
        byte[] tampered = Fixtures.text("webhooks/inquiry.approved.json")
                .replaceFirst("\"status\":\"approved\"", "\"status\":\"declined\"").getBytes(StandardCharsets.UTF_8);

        HttpClientResponseException refused = refused(tampered,
                "t=1773151492,v1=c772b6e3783b1a1c4b25c01e163921c15feb706cc617f79c5256279eeb524791");

        assertThat(refused.getStatus().getCode()).isEqualTo(401);
        assertThat(refused.getResponse().getContentType().map(Object::toString)).contains("application/problem+json");
        assertThat(refused.getResponse().getBody(String.class).orElse(""))
                .contains("webhook-signature-invalid").doesNotContain(Fixtures.SECRET);
        assertThat(recordSignal.commands()).isEmpty();
    }

    @Test
    void aMissingSignatureIsRefused() {
        clock.setEpochSecond(1773151493);

        HttpClientResponseException refused = refused(Fixtures.bytes("webhooks/inquiry.approved.json"), null);

        assertThat(refused.getStatus().getCode()).isEqualTo(401);
        assertThat(recordSignal.commands()).isEmpty();
    }

    @Test
    void anEmptyUnsignedBodyIsRefused() {
        HttpClientResponseException refused = refused(new byte[0], null);

        assertThat(refused.getStatus().getCode()).as("the framework refuses a missing body").isEqualTo(400);
        assertThat(recordSignal.commands()).isEmpty();
    }

    @Test
    void aStaleSignatureIsRefused() {
        clock.setEpochSecond(1773151493);

        HttpClientResponseException refused = refused(Fixtures.bytes("webhooks/inquiry.approved.json"),
                "t=1773147892,v1=a033272af87836de9043a0c650992361d293dca32daec3172ac5cc2aba002ead");

        assertThat(refused.getStatus().getCode()).isEqualTo(401);
        assertThat(recordSignal.commands()).isEmpty();
    }

    @Test
    void anAuthenticBodyThatIsNotJsonIsABadRequest() {
        clock.setEpochSecond(1773151493);
        byte[] garbage = "not json at all".getBytes(StandardCharsets.UTF_8);

        HttpClientResponseException refused = refused(garbage,
                PersonaSignature.header(new Secret(Fixtures.SECRET), 1773151493, garbage));

        assertThat(refused.getStatus().getCode()).isEqualTo(400);
        assertThat(recordSignal.commands()).isEmpty();
    }

    @Test
    void anAuthenticEventAboutNoInquiryIsAcknowledgedAndDropped() {
        clock.setEpochSecond(1773151493);
        byte[] account = ("{\"data\":{\"type\":\"event\",\"id\":\"evt_acc1\",\"attributes\":{\"name\":"
                + "\"account.created\",\"payload\":{\"data\":{\"type\":\"account\",\"id\":\"act_1\"}}}}}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = client.toBlocking().exchange(request(account,
                PersonaSignature.header(new Secret(Fixtures.SECRET), 1773151493, account)), String.class);

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body()).contains("ignored");
        assertThat(recordSignal.commands()).isEmpty();
    }

    private HttpResponse<String> post(byte[] body, JsonNode headers) {
        MutableHttpRequest<byte[]> request = HttpRequest.POST("/webhooks/persona", body);
        for (Map.Entry<String, JsonNode> header : headers.entries()) {
            request.header(header.getKey(), header.getValue().getStringValue());
        }
        return client.toBlocking().exchange(request, String.class);
    }

    private HttpClientResponseException refused(byte[] body, String signature) {
        try {
            client.toBlocking().exchange(request(body, signature), String.class);
        } catch (HttpClientResponseException refused) {
            return refused;
        }
        throw new AssertionError("the delivery was accepted");
    }

    private static MutableHttpRequest<byte[]> request(byte[] body, String signature) {
        MutableHttpRequest<byte[]> request = HttpRequest.POST("/webhooks/persona", body)
                .contentType("application/json; charset=utf-8");
        Optional.ofNullable(signature).ifPresent(value -> request.header("Persona-Signature", value));
        return request;
    }

    private static JsonNode delivery(String id) {
        return PersonaJson.elements(DELIVERIES.get("deliveriesInArrivalOrder")).stream()
                .filter(delivery -> delivery.get("id").getStringValue().equals(id)).findFirst().orElseThrow();
    }
}
