package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import io.veriflow.domain.port.out.VerificationProvider.ResumeGrant;
import io.veriflow.domain.port.out.VerificationProvider.ResumeRequest;
import io.veriflow.domain.port.out.VerificationProvider.RetryRequest;
import io.veriflow.domain.port.out.VerificationProvider.StartRequest;
import io.veriflow.domain.port.out.VerificationProvider.StartedAttempt;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REST client against a local HTTP server speaking Persona's API ({@link FakePersonaApi}), answering with the
 * fixtures and the statuses and headers of {@code fixtures/api/exchanges.json}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonaVerificationProviderIT implements TestPropertyProvider {

    private static final String API_KEY = "persona_sandbox_test_0123456789";
    private static final String INQ_A = "inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw";
    private static final String INQ_B = "inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu";
    private static final String TEMPLATE = "itmpl_chwBCJWyyoKdCNeTXUndaKAEgoE1";
    private static final int PORT = freePort();
    private static final JsonNode EXCHANGES = Fixtures.tree("api/exchanges.json");

    @Inject
    PersonaVerificationProvider provider;

    @Inject
    FakePersonaApi persona;

    @Inject
    MutableClock clock;

    @Inject
    @Client(configuration = PersonaHttpClientConfiguration.class)
    HttpClient http;

    @Inject
    PersonaSettings settings;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "micronaut.server.port", Integer.toString(PORT),
                "fake-persona.enabled", "true",
                "veriflow.persona.api-key", API_KEY,
                "veriflow.persona.base-url", "http://localhost:" + PORT + "/fake-persona/api/v1/",
                "veriflow.persona.read-timeout", "500ms",
                "veriflow.persona.connect-timeout", "500ms");
    }

    @BeforeEach
    void reset() {
        persona.reset();
        clock.set(Instant.parse("2026-03-10T14:00:05Z"));
    }

    // ---- start ---------------------------------------------------------------------------------------------------

    @Test
    void startCreatesAnInquiryFromTheTemplateForTheSubject() {
        persona.respond(201, Fixtures.bytes("api/get-inquiry.created.json"), Map.of("Request-Id", "req-1"));

        StartedAttempt started = provider.start(startRequest(TEMPLATE, "idem-start-1"));

        assertThat(started.ref()).contains(new ProviderRef(INQ_A));
        assertThat(started.launch().parameters()).isEqualTo(Map.of("inquiryId", INQ_A));
        assertThat(started.launch().token()).as("2023-01-05 answers carry no session token on create").isEmpty();
        assertThat(started.snapshot().map(Snapshot::status)).contains(SnapshotStatus.NOT_STARTED);
        FakePersonaApi.Seen sent = onlyRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/fake-persona/api/v1/inquiries");
        assertThat(sent.headers()).containsEntry("authorization", "Bearer " + API_KEY)
                .containsEntry("persona-version", "2023-01-05")
                .containsEntry("key-inflection", "kebab")
                .containsEntry("idempotency-key", "idem-start-1");
        assertThat(sent.headers().get("content-type")).startsWith("application/json");
        JsonNode body = parse(sent.body());
        assertThat(body.get("data").get("attributes").get("inquiry-template-id").getStringValue()).isEqualTo(TEMPLATE);
        assertThat(body.get("meta").get("auto-create-account-reference-id").getStringValue()).isEqualTo("usr_1001");
        assertThat(OpenApiSpec.load().problems(OpenApiSpec.load().requestSchema("/inquiries", "post"), body))
                .as("the request conforms to Persona's OpenAPI spec").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "itmpl_chwBCJWyyoKdCNeTXUndaKAEgoE1,  inquiry-template-id",
        "itmplv_ndtcK8B4tgkUHSE5VotcsraDJqb6, inquiry-template-version-id",
        "tmpl_legacyTemplate123,              template-id",
    })
    void theTemplatePrefixChoosesTheCreateAttribute(String template, String attribute) {
        persona.respond(201, Fixtures.bytes("api/get-inquiry.created.json"), Map.of());

        provider.start(startRequest(template, "idem-" + attribute));

        JsonNode attributes = parse(onlyRequest().body()).get("data").get("attributes");
        assertThat(attributes.size()).isEqualTo(1);
        assertThat(attributes.get(attribute).getStringValue()).isEqualTo(template);
        assertThat(OpenApiSpec.load().problems(OpenApiSpec.load().requestSchema("/inquiries", "post"),
                parse(onlyRequest().body()))).isEmpty();
    }

    @Test
    void aTemplateThatIsNoPersonaTemplateIsRejectedWithoutACall() {
        ProviderRejected rejected = catchThrowableOfType(ProviderRejected.class,
                () -> provider.start(startRequest("idvtmp_plaid", "idem-x")));

        assertThat(rejected.code()).isEqualTo("invalid_template");
        assertThat(persona.seen()).isEmpty();
    }

    @Test
    void aSessionTokenInTheCreateAnswerIsHandedToTheFrontEnd() {
        String token = scenarioToken("resumeSessionToken");
        String created = Fixtures.text("api/get-inquiry.created.json").strip();
        String withMeta = created.substring(0, created.lastIndexOf('}'))
                + ",\"meta\":{\"session-token\":\"" + token + "\"}}";
        persona.respond(201, withMeta.getBytes(StandardCharsets.UTF_8), Map.of());

        StartedAttempt started = provider.start(startRequest(TEMPLATE, "idem-token"));

        assertThat(started.launch().token()).contains(new ClientToken(token));
        assertThat(started.launch().expiresAt()).contains(Instant.ofEpochSecond(1773420010));
    }

    // ---- fetch ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "created,      NOT_STARTED",
        "pending,      IN_PROGRESS",
        "completed,    SUBMITTED",
        "approved,     PASSED",
        "needs_review, NEEDS_REVIEW",
        "declined,     FAILED",
        "failed,       FAILED",
        "expired,      EXPIRED",
    })
    void fetchReadsTheInquiry(String status, SnapshotStatus expected) {
        String file = "api/get-inquiry." + status + ".json";
        JsonNode exchange = exchangeFor(file);
        String path = exchange.get("request").get("path").getStringValue();
        String id = path.substring(path.lastIndexOf('/') + 1);
        persona.respond(exchange.get("response").get("status").getIntValue(), Fixtures.bytes(file),
                headersOf(exchange));

        Snapshot snapshot = provider.fetch(new ProviderRef(id));

        assertThat(snapshot.status()).isEqualTo(expected);
        assertThat(snapshot.ref()).isEqualTo(new ProviderRef(id));
        FakePersonaApi.Seen sent = onlyRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/fake-persona" + path);
        assertThat(sent.headers()).containsEntry("authorization", "Bearer " + API_KEY)
                .containsEntry("persona-version", "2023-01-05")
                .doesNotContainKey("idempotency-key");
    }

    @Test
    void anAnswerAboutAnotherInquiryBreaksTheContract() {
        persona.respond(200, Fixtures.bytes("api/get-inquiry.pending.json"), Map.of());

        assertThatThrownBy(() -> provider.fetch(new ProviderRef(INQ_B)))
                .isInstanceOf(ProviderContractViolation.class);
    }

    @Test
    void aReferenceThatCouldBendThePathIsRejectedWithoutACall() {
        assertThatThrownBy(() -> provider.fetch(new ProviderRef("inq_1/../../admin")))
                .isInstanceOf(ProviderRejected.class);
        assertThat(persona.seen()).isEmpty();
    }

    // ---- resume --------------------------------------------------------------------------------------------------

    @Test
    void resumeReturnsTheFreshSessionToken() {
        JsonNode exchange = exchangeFor("api/post-resume.pending.json");
        persona.respond(200, Fixtures.bytes("api/post-resume.pending.json"), headersOf(exchange));

        ResumeGrant grant = provider.resume(resumeRequest(Optional.of(INQ_B), "resume-inq-b-1"));

        assertThat(grant.launch().token()).contains(new ClientToken(scenarioToken("resumeSessionToken")));
        assertThat(grant.launch().parameters()).isEqualTo(Map.of("inquiryId", INQ_B));
        assertThat(grant.launch().expiresAt()).contains(Instant.ofEpochSecond(1773420010));
        assertThat(grant.snapshot().map(Snapshot::status)).contains(SnapshotStatus.IN_PROGRESS);
        FakePersonaApi.Seen sent = onlyRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/fake-persona" + exchange.get("request").get("path").getStringValue());
        assertThat(sent.headers()).containsEntry("idempotency-key", "resume-inq-b-1");
    }

    @Test
    void aResumeAnswerWithoutATokenBreaksTheContract() {
        persona.respond(200, Fixtures.bytes("api/get-inquiry.pending.json"), Map.of());

        assertThatThrownBy(() -> provider.resume(resumeRequest(Optional.of(INQ_A), "resume-a")))
                .isInstanceOf(ProviderContractViolation.class);
    }

    @Test
    void resumeWithoutAnInquiryIsRejected() {
        assertThat(catchThrowableOfType(ProviderRejected.class,
                () -> provider.resume(resumeRequest(Optional.empty(), "resume-none"))).code())
                .isEqualTo("no_inquiry");
    }

    @Test
    void personaHasNoRetry() {
        RetryRequest request = new RetryRequest(session(), Optional.of(new ProviderRef(INQ_A)),
                new SubjectRef("usr_1001"), new TemplateRef(TEMPLATE), RetryPlan.of(RetryMode.RESTART));

        assertThat(catchThrowableOfType(ProviderRejected.class, () -> provider.retry(request)).code())
                .isEqualTo("not_supported");
    }

    // ---- failures ------------------------------------------------------------------------------------------------

    static Stream<Arguments> errorFixtures() {
        return Fixtures.files("api/errors", ".json").stream().map(file -> {
            JsonNode exchange = exchangeFor(file);
            return Arguments.of(file, exchange);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorFixtures")
    void everyErrorFixtureMapsOntoTheFailureSet(String file, JsonNode exchange) {
        int status = exchange.get("response").get("status").getIntValue();
        persona.respond(status, Fixtures.bytes(file), headersOf(exchange));
        String method = exchange.get("request").get("method").getStringValue();
        String path = exchange.get("request").get("path").getStringValue();

        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class, () -> call(method, path));

        switch (status) {
            case 429 -> assertThat(((ProviderUnavailable) failure).retryAfter()).contains(Duration.ofSeconds(37));
            case 503 -> assertThat(((ProviderUnavailable) failure).retryAfter()).isEmpty();
            default -> {
                assertThat(failure).isInstanceOf(ProviderRejected.class);
                String title = Fixtures.tree(file).get("errors").get(0).get("title").getStringValue();
                assertThat(((ProviderRejected) failure).code())
                        .isEqualTo(status + "_" + title.toLowerCase().replaceAll("[^a-z0-9]+", "_"));
            }
        }
        assertThat(failure.getMessage()).contains(Integer.toString(status))
                .doesNotContain(API_KEY, "resume-inq-b-1", "Selected country code");
    }

    @ParameterizedTest
    @CsvSource({"408", "500", "502", "504"})
    void serverErrorsAndTimeoutsAnsweredByPersonaAreUnavailable(int status) {
        persona.respond(status, "{}".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThatThrownBy(() -> provider.fetch(new ProviderRef(INQ_A))).isInstanceOf(ProviderUnavailable.class);
    }

    @Test
    void retryAfterWinsOverRateLimitReset() {
        persona.respond(429, Fixtures.bytes("api/errors/429-rate-limited.json"),
                Map.of("Retry-After", "12", "RateLimit-Reset", "37"));

        assertThat(catchThrowableOfType(ProviderUnavailable.class, () -> provider.fetch(new ProviderRef(INQ_A)))
                .retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        persona.respond(503, Fixtures.bytes("api/errors/503-service-unavailable.json"),
                Map.of("Retry-After", "Tue, 10 Mar 2026 14:01:05 GMT"));

        assertThat(catchThrowableOfType(ProviderUnavailable.class, () -> provider.fetch(new ProviderRef(INQ_A)))
                .retryAfter()).contains(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "200 | this is not json",
        "200 | {\"errors\": []}",
        "200 | {\"data\": {\"type\": \"inquiry\", \"id\": \"inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw\"}}",
        "200 | []",
        "302 | {}",
    })
    void bodiesThatAreNoInquiryBreakTheContract(int status, String body) {
        persona.respond(status, body.getBytes(StandardCharsets.UTF_8), Map.of());

        assertThatThrownBy(() -> provider.fetch(new ProviderRef(INQ_A))).isInstanceOf(ProviderContractViolation.class);
    }

    @Test
    void aReadTimeoutOnAWriteIsUnavailableWithAnUnknownOutcome() {
        persona.respondLate(201, Fixtures.bytes("api/get-inquiry.created.json"), Duration.ofMillis(2500));

        ProviderUnavailable unavailable = catchThrowableOfType(ProviderUnavailable.class,
                () -> provider.start(startRequest(TEMPLATE, "idem-slow")));

        assertThat(unavailable.getCause()).isInstanceOf(TimeoutException.class);
        assertThat(unavailable.retryAfter()).isEmpty();
    }

    @Test
    void aReadTimeoutOnResumeIsAlsoAnUnknownOutcome() {
        persona.respondLate(200, Fixtures.bytes("api/post-resume.pending.json"), Duration.ofMillis(2500));

        ProviderUnavailable unavailable = catchThrowableOfType(ProviderUnavailable.class,
                () -> provider.resume(resumeRequest(Optional.of(INQ_B), "resume-slow")));

        assertThat(unavailable.getCause()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void aReadTimeoutOnAReadIsUnavailable() {
        persona.respondLate(200, Fixtures.bytes("api/get-inquiry.pending.json"), Duration.ofMillis(2500));

        assertThatThrownBy(() -> provider.fetch(new ProviderRef(INQ_A))).isInstanceOf(ProviderUnavailable.class);
    }

    @Test
    void aRefusedConnectionOnAWriteIsUnavailableAndSafeToRepeat() {
        int closed = freePort();
        PersonaSettings elsewhere = new PersonaSettings(settings.apiKey(),
                URI.create("http://localhost:" + closed + "/api/v1"), settings.version(), settings.connectTimeout(),
                settings.readTimeout(), List.of(), settings.webhookTolerance(), settings.webhookClockSkew());
        PersonaVerificationProvider unreachable = new PersonaVerificationProvider(http,
                new LivePersonaConnection(elsewhere), elsewhere, Fixtures.JSON, clock);

        ProviderUnavailable unavailable = catchThrowableOfType(ProviderUnavailable.class,
                () -> unreachable.start(startRequest(TEMPLATE, "idem-refused")));

        assertThat(unavailable.getCause()).isNotInstanceOf(TimeoutException.class);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void call(String method, String path) {
        String id = path.replaceAll("^/api/v1/inquiries/?", "").replaceAll("/.*$", "");
        if (method.equals("GET")) {
            provider.fetch(new ProviderRef(id));
        } else if (path.equals("/api/v1/inquiries")) {
            provider.start(startRequest(TEMPLATE, "idem-error"));
        } else {
            provider.resume(resumeRequest(Optional.of(id), "idem-error"));
        }
    }

    private FakePersonaApi.Seen onlyRequest() {
        assertThat(persona.seen()).hasSize(1);
        return persona.seen().getFirst();
    }

    private static JsonNode exchangeFor(String file) {
        return PersonaJson.elements(EXCHANGES.get("exchanges")).stream()
                .filter(exchange -> exchange.get("file").getStringValue().equals(file))
                .findFirst().orElseThrow(() -> new AssertionError("no exchange for " + file));
    }

    private static Map<String, String> headersOf(JsonNode exchange) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : exchange.get("response").get("headers").entries()) {
            if (!header.getKey().equalsIgnoreCase("Content-Type")) {
                headers.put(header.getKey(), header.getValue().getStringValue());
            }
        }
        return headers;
    }

    private static StartRequest startRequest(String template, String key) {
        return new StartRequest(session(), new TenantId("acme"), new SubjectRef("usr_1001"), new TemplateRef(template),
                new IdempotencyKey(key));
    }

    private static ResumeRequest resumeRequest(Optional<String> ref, String key) {
        return new ResumeRequest(session(), ref.map(ProviderRef::new), new SubjectRef("usr_1002"),
                new TemplateRef(TEMPLATE), new IdempotencyKey(key));
    }

    private static SessionId session() {
        return SessionId.fromParts(1773151205000L, 1, 2);
    }

    private static String scenarioToken(String name) {
        return Fixtures.tree("scenarios.json").get("scenarios").get("B_cancel_expire_resume").get(name)
                .getStringValue();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Fixtures.JSON.parse(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
