package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.VerificationProvider.ResumeGrant;
import io.veriflow.domain.port.out.VerificationProvider.ResumeRequest;
import io.veriflow.domain.port.out.VerificationProvider.StartRequest;
import io.veriflow.domain.port.out.VerificationProvider.StartedAttempt;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sandbox, with no API key configured: the adapter talks to the built-in Persona at
 * {@code /sandbox/persona/api/v1} of the running server, and simulated outcomes arrive as real signed webhooks at
 * {@code /webhooks/persona}.
 */
@MicronautTest
class PersonaSandboxIT {

    private static final String TEMPLATE = "itmpl_chwBCJWyyoKdCNeTXUndaKAEgoE1";

    @Inject
    PersonaVerificationProvider provider;

    @Inject
    RecordingRecordSignal recordSignal;

    @Inject
    MutableClock clock;

    @Inject
    PersonaSandbox sandbox;

    @Inject
    ApplicationContext context;

    @Inject
    @Client("/")
    HttpClient client;

    @BeforeEach
    void reset() {
        recordSignal.reset();
        clock.set(Instant.parse("2026-03-10T14:00:05Z"));
    }

    @Test
    void theSandboxIsOnlyThereWithoutAnApiKey() {
        assertThat(context.containsBean(PersonaSandbox.class)).isTrue();
        assertThat(context.containsBean(LivePersonaConnection.class)).isFalse();
        assertThat(sandbox.baseUrl().toString()).startsWith("http://localhost:").endsWith("/sandbox/persona/api/v1");
    }

    @Test
    void anApprovedInquiryArrivesAsASignedWebhookWithAPassedSnapshot() {
        StartedAttempt started = provider.start(start("usr_2001"));
        ProviderRef ref = started.ref().orElseThrow();
        assertThat(ref.value()).startsWith("inq_");
        assertThat(started.launch().parameters()).containsEntry("inquiryId", ref.value());
        assertThat(started.snapshot().map(Snapshot::status)).contains(SnapshotStatus.NOT_STARTED);
        clock.advance(Duration.ofMinutes(3));

        JsonNode answer = simulate(ref, "approve");

        assertThat(answer.get("inquiry").get("status").getStringValue()).isEqualTo("approved");
        assertThat(answer.get("webhook").get("name").getStringValue()).isEqualTo("inquiry.approved");
        assertThat(answer.get("webhook").get("status").getIntValue()).isEqualTo(200);
        assertThat(recordSignal.commands()).hasSize(1);
        RecordSignal.Command command = recordSignal.commands().getFirst();
        assertThat(command.provider()).isEqualTo(PersonaProvider.ID);
        assertThat(command.target()).isEqualTo(new RecordSignal.ToProviderRef(ref));
        Notification notification = (Notification) command.signal();
        assertThat(notification.meta().dedupeKey().value())
                .isEqualTo(answer.get("webhook").get("event-id").getStringValue());
        Snapshot embedded = notification.embedded().orElseThrow();
        assertThat(embedded.status()).isEqualTo(SnapshotStatus.PASSED);
        assertThat(embedded.subject()).contains(new SubjectRef("usr_2001"));
        assertThat(embedded.steps()).containsExactly(new Step(StandardStep.DOCUMENT, StepStatus.PASSED),
                new Step(StandardStep.SELFIE, StepStatus.PASSED));
        assertThat(embedded.asOf()).isAfter(started.snapshot().orElseThrow().asOf());
        assertThat(provider.fetch(ref).status()).isEqualTo(SnapshotStatus.PASSED);
    }

    @Test
    void everyOutcomeSendsItsEvent() {
        ProviderRef review = provider.start(start("usr_2002")).ref().orElseThrow();
        ProviderRef failing = provider.start(start("usr_2003")).ref().orElseThrow();

        simulate(review, "start");
        simulate(review, "complete");
        simulate(review, "mark_for_review");
        simulate(review, "decline");
        simulate(failing, "fail");

        assertThat(recordSignal.commands().stream().map(command -> command.signal().meta().name().value()))
                .containsExactly("persona.webhook.inquiry.started", "persona.webhook.inquiry.completed",
                        "persona.webhook.inquiry.marked-for-review", "persona.webhook.inquiry.declined",
                        "persona.webhook.inquiry.failed");
        assertThat(recordSignal.commands().stream()
                .map(command -> ((Notification) command.signal()).embedded().orElseThrow().status()))
                .containsExactly(SnapshotStatus.IN_PROGRESS, SnapshotStatus.SUBMITTED, SnapshotStatus.NEEDS_REVIEW,
                        SnapshotStatus.FAILED, SnapshotStatus.FAILED);
        assertThat(provider.fetch(failing).steps())
                .containsExactly(new Step(StandardStep.DOCUMENT, StepStatus.FAILED));
    }

    @Test
    void aCancelledThenExpiredInquiryIsResumedWithAFreshToken() {
        ProviderRef ref = provider.start(start("usr_2004")).ref().orElseThrow();
        simulate(ref, "start");
        ResumeGrant first = provider.resume(resume(ref));
        clock.advance(Duration.ofHours(24));
        simulate(ref, "expire");
        assertThat(provider.fetch(ref).status()).isEqualTo(SnapshotStatus.EXPIRED);

        ResumeGrant second = provider.resume(resume(ref));

        assertThat(first.launch().token()).isPresent();
        assertThat(second.launch().token()).isPresent().isNotEqualTo(first.launch().token());
        assertThat(second.launch().expiresAt()).contains(clock.instant().plus(Duration.ofHours(24)));
        assertThat(second.snapshot().map(Snapshot::status)).contains(SnapshotStatus.IN_PROGRESS);
        assertThat(provider.fetch(ref).status()).isEqualTo(SnapshotStatus.IN_PROGRESS);
    }

    @Test
    void aDecidedInquiryCannotBeResumed() {
        ProviderRef ref = provider.start(start("usr_2005")).ref().orElseThrow();
        simulate(ref, "approve");

        assertThat(catchThrowableOfType(ProviderRejected.class, () -> provider.resume(resume(ref))).code())
                .isEqualTo("409_conflict");
    }

    @Test
    void theSandboxAnswersInPersonasShape() throws IOException {
        OpenApiSpec spec = OpenApiSpec.load();
        byte[] create = "{\"data\":{\"attributes\":{\"inquiry-template-id\":\"itmpl_abc\"}},\"meta\":{\"auto-create-account-reference-id\":\"usr_3001\"}}"
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = client.toBlocking().exchange(api(HttpRequest.POST("/inquiries", create)),
                String.class);
        JsonNode inquiry = Fixtures.JSON.parse(created.body());
        String id = inquiry.get("data").get("id").getStringValue();
        HttpResponse<String> retrieved = client.toBlocking().exchange(api(HttpRequest.GET("/inquiries/" + id)),
                String.class);
        HttpResponse<String> resumed = client.toBlocking().exchange(
                api(HttpRequest.POST("/inquiries/" + id + "/resume", new byte[0])), String.class);

        assertThat(created.code()).isEqualTo(201);
        assertThat(spec.problems(spec.responseSchema("/inquiries", "post", "201"), inquiry)).isEmpty();
        assertThat(spec.problems(spec.responseSchema("/inquiries/{inquiry-id}", "get", "200"),
                Fixtures.JSON.parse(retrieved.body()))).isEmpty();
        JsonNode resume = Fixtures.JSON.parse(resumed.body());
        assertThat(spec.problems(spec.responseSchema("/inquiries/{inquiry-id}/resume", "post", "200"), resume))
                .isEmpty();
        assertThat(resume.get("meta").get("session-token").getStringValue()).contains(".");
        assertThat(inquiry.get("data").get("attributes").get("reference-id").getStringValue()).isEqualTo("usr_3001");
    }

    @Test
    void theSimulatedWebhookHasPersonasShape() {
        ProviderRef ref = provider.start(start("usr_2006")).ref().orElseThrow();
        simulate(ref, "complete");
        SandboxInquiry inquiry = sandbox.find(ref.value()).orElseThrow();
        OpenApiSpec spec = OpenApiSpec.load();

        JsonNode event = sandbox.event("evt_test", "inquiry.completed", inquiry);

        assertThat(spec.problems(spec.schema("inquiry"), event.get("data").get("attributes").get("payload")
                .get("data"))).isEmpty();
        assertThat(PersonaJson.path(event, "data", "attributes", "created-at")).isPresent();
    }

    @Test
    void theSandboxApiWantsItsKey() {
        HttpClientResponseException refused = refusal(HttpRequest.GET("/sandbox/persona/api/v1/inquiries/inq_x")
                .bearerAuth("persona_sandbox_guess"));

        assertThat(refused.getStatus().getCode()).isEqualTo(401);
        assertThat(refused.getResponse().getBody(String.class).orElse("")).contains("Must be authenticated");
    }

    @Test
    void theSandboxApiRefusesRequestsPersonaWouldRefuse() {
        for (String body : new String[] {
            "{\"data\":{\"attributes\":{}}}",
            "{\"data\":{\"attributes\":{\"inquiry-template-id\":\"itmpl_a\",\"template-id\":\"tmpl_b\"}}}",
            "{\"data\":{\"attributes\":{\"inquiry-template-id\":\"tmpl_a\"}}}",
            "{\"data\":{\"attributes\":{\"inquiry-template-id\":\"itmpl_a\"}},\"meta\":{\"nope\":1}}",
            "{\"data\":{\"attributes\":{\"inquiry-template-id\":\"itmpl_a\"}},\"extra\":1}",
            "not json",
        }) {
            HttpClientResponseException refused = refusal(api(HttpRequest.POST("/inquiries",
                    body.getBytes(StandardCharsets.UTF_8))));
            assertThat(refused.getStatus().getCode()).as(body).isEqualTo(400);
        }
        assertThat(refusal(api(HttpRequest.GET("/inquiries/inq_unknown"))).getStatus().getCode()).isEqualTo(404);
    }

    @Test
    void theSandboxHonoursIdempotencyKeysLikePersona() throws IOException {
        String key = UUID.randomUUID().toString();
        byte[] body = "{\"data\":{\"attributes\":{\"inquiry-template-id\":\"itmpl_abc\"}}}".getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"data\":{\"attributes\":{\"inquiry-template-id\":\"itmpl_xyz\"}}}".getBytes(StandardCharsets.UTF_8);

        String first = client.toBlocking().exchange(api(HttpRequest.POST("/inquiries", body))
                .header("Idempotency-Key", key), String.class).body();
        String again = client.toBlocking().exchange(api(HttpRequest.POST("/inquiries", body))
                .header("Idempotency-Key", key), String.class).body();
        HttpClientResponseException mismatch = refusal(api(HttpRequest.POST("/inquiries", other))
                .header("Idempotency-Key", key));

        assertThat(Fixtures.JSON.parse(again).get("data").get("id").getStringValue())
                .isEqualTo(Fixtures.JSON.parse(first).get("data").get("id").getStringValue());
        assertThat(mismatch.getStatus().getCode()).isEqualTo(400);
        assertThat(mismatch.getResponse().getBody(String.class).orElse("")).contains("Idempotency error");
    }

    @ParameterizedTest
    @CsvSource({
        "{\"outcome\":\"teleport\"}, 400",
        "not json,                  400",
    })
    void anUnknownOutcomeIsABadRequest(String body, int status) {
        ProviderRef ref = provider.start(start("usr_2007")).ref().orElseThrow();

        assertThat(refusal(HttpRequest.POST("/sandbox/persona/inquiries/" + ref.value() + "/simulate",
                body.getBytes(StandardCharsets.UTF_8))).getStatus().getCode()).isEqualTo(status);
    }

    @Test
    void outcomesThatCannotHappenAreConflictsAndUnknownInquiriesAreNotFound() {
        ProviderRef ref = provider.start(start("usr_2008")).ref().orElseThrow();
        simulate(ref, "approve");

        assertThat(refusal(simulation(ref.value(), "start")).getStatus().getCode()).isEqualTo(409);
        assertThat(refusal(simulation("inq_nope", "approve")).getStatus().getCode()).isEqualTo(404);
        assertThat(recordSignal.commands()).hasSize(1);
    }

    @Test
    void anEventNoSessionOwnsIsReportedAsUndelivered() {
        ProviderRef ref = provider.start(start("usr_2009")).ref().orElseThrow();
        recordSignal.answer(new RecordSignal.UnknownSession());

        JsonNode answer = simulate(ref, "start");

        assertThat(answer.get("webhook").get("status").getIntValue()).isEqualTo(503);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private JsonNode simulate(ProviderRef ref, String outcome) {
        try {
            return Fixtures.JSON.parse(client.toBlocking().exchange(simulation(ref.value(), outcome), String.class)
                    .body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static MutableHttpRequest<byte[]> simulation(String id, String outcome) {
        return HttpRequest.POST("/sandbox/persona/inquiries/" + id + "/simulate",
                ("{\"outcome\":\"" + outcome + "\"}").getBytes(StandardCharsets.UTF_8))
                .contentType("application/json");
    }

    private <T> MutableHttpRequest<T> api(MutableHttpRequest<T> request) {
        return request.uri(java.net.URI.create("/sandbox/persona/api/v1" + request.getUri()))
                .bearerAuth(sandbox.apiKey().reveal())
                .contentType("application/json");
    }

    private HttpClientResponseException refusal(MutableHttpRequest<?> request) {
        try {
            client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException refused) {
            return refused;
        }
        throw new AssertionError("the request was accepted");
    }

    private static StartRequest start(String subject) {
        return new StartRequest(SessionId.fromParts(1773151205000L, 1, 2), new TenantId("acme"),
                new SubjectRef(subject), new TemplateRef(TEMPLATE), new IdempotencyKey(UUID.randomUUID().toString()));
    }

    private static ResumeRequest resume(ProviderRef ref) {
        return new ResumeRequest(SessionId.fromParts(1773151205000L, 1, 2), Optional.of(ref),
                new SubjectRef("usr_2004"), new TemplateRef(TEMPLATE), new IdempotencyKey(UUID.randomUUID().toString()));
    }
}
