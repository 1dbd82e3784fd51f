package io.veriflow.adapters.plaid.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.veriflow.adapters.plaid.Fixtures;
import io.veriflow.adapters.plaid.MutableClock;
import io.veriflow.adapters.plaid.OpenApiSpec;
import io.veriflow.adapters.plaid.RecordingSignals;
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
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.port.out.VerificationProvider.StartedAttempt;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The offline sandbox end to end: the adapter (no credentials configured) calls the sandbox on this service's own
 * server, the sandbox signs webhooks with its own key and posts them to {@code /webhooks/plaid}, whose real
 * verification fetches that key from the sandbox and records the notification.
 */
class PlaidSandboxEndToEndTest {

    static final TemplateRef TEMPLATE = new TemplateRef("idvtmp_sandbox");
    static final AtomicInteger SUBJECTS = new AtomicInteger();

    static MutableClock clock;
    static RecordingSignals signals;
    static ApplicationContext context;
    static EmbeddedServer server;
    static VerificationProvider provider;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.parse("2026-05-05T09:30:00Z"));
        signals = new RecordingSignals();
        context = sandboxContext(false);
        server = context.getBean(EmbeddedServer.class).start();
        provider = context.getBean(VerificationProvider.class);
    }

    static ApplicationContext sandboxContext(boolean precreate) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("veriflow.plaid.precreate", precreate);
        properties.put("veriflow.plaid.sandbox.redelivery-delays", "200ms,200ms,200ms");
        return ApplicationContext.builder().properties(properties).singletons(clock, signals).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        context.close();
    }

    @BeforeEach
    void reset() {
        signals.clear();
    }

    @Test
    void startOpenSimulateSuccessDeliversASignedWebhookThatIsRecorded() throws Exception {
        SubjectRef subject = newSubject();
        StartedAttempt started = provider.start(startRequest(subject));
        assertThat(started.ref()).isEmpty();
        String token = started.launch().token().orElseThrow().reveal();
        assertThat(token).startsWith("link-sandbox-");
        assertThat(started.launch().expiresAt()).isPresent();

        String id = open(token);
        assertThat(id).startsWith("idv_");
        assertThat(open(token)).as("opening Link again resumes the attempt").isEqualTo(id);
        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(
                URI.create(server.getURL() + "/sandbox/plaid/link/" + token + "/open"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).as("curl -X POST without a body works too").isEqualTo(200);

        JsonNode step = simulate(id, "pass_step:accept_tos");
        assertThat(webhook(step)).containsEntry("webhook_code", "STEP_UPDATED").containsEntry("delivered", true)
                .containsEntry("status", 200);
        assertRecorded(signals.commands().getLast(), id, "plaid.webhook.STEP_UPDATED");

        JsonNode success = simulate(id, "success");
        assertThat(webhook(success)).containsEntry("webhook_code", "STATUS_UPDATED").containsEntry("delivered", true);
        assertRecorded(signals.commands().getLast(), id, "plaid.webhook.STATUS_UPDATED");
        assertThat(signals.commands()).hasSize(2);

        Snapshot snapshot = provider.fetch(new ProviderRef(id));
        assertThat(snapshot.status()).isEqualTo(SnapshotStatus.PASSED);
        assertThat(snapshot.subject()).contains(subject);
        assertThat(snapshot.steps()).contains(new Step(StandardStep.TERMS, StepStatus.PASSED),
                new Step(StandardStep.DATA_CHECK, StepStatus.PASSED),
                new Step(StandardStep.SELFIE, StepStatus.NOT_APPLICABLE));
    }

    @Test
    void aFailedAttemptIsRetriedOnceEvenWhenRetriedTwiceAndTheRetrySucceeds() throws Exception {
        SubjectRef subject = newSubject();
        String first = open(provider.start(startRequest(subject)).launch().token().orElseThrow().reveal());
        simulate(first, "pass_step:accept_tos");
        simulate(first, "pass_step:VERIFY_SMS");
        simulate(first, "fail_step:kyc_check");
        simulate(first, "failed");
        assertThat(provider.fetch(new ProviderRef(first)).status()).isEqualTo(SnapshotStatus.FAILED);
        signals.clear();

        var request = new VerificationProvider.RetryRequest(session(), Optional.of(new ProviderRef(first)), subject,
                TEMPLATE, RetryPlan.of(RetryMode.FROM_FAILED_STEP));
        StartedAttempt retried = provider.retry(request);
        ProviderRef second = retried.ref().orElseThrow();
        assertThat(second.value()).isNotEqualTo(first);
        assertThat(retried.snapshot()).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.previousRef()).contains(new ProviderRef(first));
            assertThat(snapshot.status()).isEqualTo(SnapshotStatus.IN_PROGRESS);
            assertThat(snapshot.steps()).contains(new Step(StandardStep.TERMS, StepStatus.SKIPPED),
                    new Step(StandardStep.PHONE, StepStatus.SKIPPED),
                    new Step(StandardStep.DATA_CHECK, StepStatus.ACTIVE));
        });
        assertThat(retried.launch().token()).isPresent();
        assertRecorded(signals.commands().getLast(), second.value(), "plaid.webhook.RETRIED");

        StartedAttempt again = provider.retry(request);
        assertThat(again.ref()).as("the chained attempt is found, not a third one made").contains(second);
        JsonNode list = api("/identity_verification/list", "{\"client_user_id\": \"" + subject.value()
                + "\", \"template_id\": \"" + TEMPLATE.value() + "\"}");
        assertThat(list.get("identity_verifications").size()).isEqualTo(2);

        simulate(second.value(), "success");
        Snapshot passed = provider.fetch(second);
        assertThat(passed.status()).isEqualTo(SnapshotStatus.PASSED);
        assertThat(passed.previousRef()).contains(new ProviderRef(first));
    }

    @Test
    void pendingReviewIsResolvedLaterAndExpiryAndCancellationAreReported() throws Exception {
        String reviewed = open(provider.start(startRequest(newSubject())).launch().token().orElseThrow().reveal());
        simulate(reviewed, "pending_review");
        Snapshot review = provider.fetch(new ProviderRef(reviewed));
        assertThat(review.status()).isEqualTo(SnapshotStatus.NEEDS_REVIEW);
        assertThat(review.steps()).contains(new Step(StandardStep.WATCHLIST, StepStatus.IN_REVIEW));
        simulate(reviewed, "success");
        Snapshot approved = provider.fetch(new ProviderRef(reviewed));
        assertThat(approved.status()).isEqualTo(SnapshotStatus.PASSED);
        assertThat(approved.steps()).contains(new Step(StandardStep.WATCHLIST, StepStatus.PASSED));

        String expired = open(provider.start(startRequest(newSubject())).launch().token().orElseThrow().reveal());
        simulate(expired, "expired");
        assertThat(provider.fetch(new ProviderRef(expired)).status()).isEqualTo(SnapshotStatus.EXPIRED);

        String canceled = open(provider.start(startRequest(newSubject())).launch().token().orElseThrow().reveal());
        simulate(canceled, "canceled");
        assertThat(provider.fetch(new ProviderRef(canceled)).status()).isEqualTo(SnapshotStatus.CANCELED);
    }

    @Test
    void aWebhookNoSessionOwnsYetIsDeliveredAgainLater() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        signals.answer = command -> calls.incrementAndGet() == 1 ? new RecordSignal.UnknownSession()
                : RecordingSignals.APPLIED;
        String id = open(provider.start(startRequest(newSubject())).launch().token().orElseThrow().reveal());
        JsonNode answer = simulate(id, "success");
        assertThat(webhook(answer)).containsEntry("delivered", false).containsEntry("status", 503);
        assertThat(signals.next(5)).isPresent();
        Optional<RecordSignal.Command> redelivered = signals.next(10);
        assertThat(redelivered).hasValueSatisfying(command ->
                assertRecorded(command, id, "plaid.webhook.STATUS_UPDATED"));
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void withPrecreateTheAttemptExistsBeforeLinkOpens() throws Exception {
        try (ApplicationContext precreating = sandboxContext(true)) {
            EmbeddedServer own = precreating.getBean(EmbeddedServer.class).start();
            try {
                StartedAttempt started = precreating.getBean(VerificationProvider.class)
                        .start(startRequest(newSubject()));
                ProviderRef ref = started.ref().orElseThrow();
                assertThat(started.snapshot()).hasValueSatisfying(snapshot ->
                        assertThat(snapshot.status()).isEqualTo(SnapshotStatus.IN_PROGRESS));
                String token = started.launch().token().orElseThrow().reveal();
                HttpResponse<String> opened = post(own, "/sandbox/plaid/link/" + token + "/open", "{}");
                assertThat(Fixtures.parse(opened.body()).get("identity_verification_id").getStringValue())
                        .isEqualTo(ref.value());
            } finally {
                own.stop();
            }
        }
    }

    @Test
    void sandboxAnswersValidateAgainstPlaidsSpec() throws Exception {
        SubjectRef subject = newSubject();
        JsonNode token = api("/link/token/create", """
                {"client_name": "Veriflow", "language": "en", "country_codes": ["US"],
                 "user": {"client_user_id": "%s"}, "products": ["identity_verification"],
                 "identity_verification": {"template_id": "%s"}}""".formatted(subject.value(), TEMPLATE.value()));
        assertValid("LinkTokenCreateResponse", token);
        JsonNode created = api("/identity_verification/create", """
                {"client_user_id": "%s", "template_id": "%s", "is_shareable": true, "gave_consent": true,
                 "is_idempotent": true}""".formatted(subject.value(), TEMPLATE.value()));
        assertValid("IdentityVerificationCreateResponse", created);
        String id = created.get("id").getStringValue();
        assertThat(created.get("shareable_url").isString()).isTrue();
        assertThat(created.get("steps").get("accept_tos").getStringValue()).isEqualTo("skipped");
        JsonNode again = api("/identity_verification/create", """
                {"client_user_id": "%s", "template_id": "%s", "is_shareable": true, "gave_consent": true,
                 "is_idempotent": true}""".formatted(subject.value(), TEMPLATE.value()));
        assertThat(again.get("id").getStringValue()).as("is_idempotent returns the attempt").isEqualTo(id);
        assertValid("IdentityVerificationGetResponse",
                api("/identity_verification/get", "{\"identity_verification_id\": \"" + id + "\"}"));
        simulate(id, "failed");
        assertValid("IdentityVerificationGetResponse",
                api("/identity_verification/get", "{\"identity_verification_id\": \"" + id + "\"}"));
        JsonNode retried = api("/identity_verification/retry", """
                {"client_user_id": "%s", "template_id": "%s", "strategy": "custom",
                 "steps": {"verify_sms": false, "kyc_check": true, "documentary_verification": true,
                           "selfie_check": true}}""".formatted(subject.value(), TEMPLATE.value()));
        assertValid("IdentityVerificationRetryResponse", retried);
        assertThat(retried.get("steps").get("selfie_check").getStringValue()).isEqualTo("skipped");
        assertThat(retried.get("steps").get("verify_sms").getStringValue()).isEqualTo("skipped");
        assertValid("IdentityVerificationListResponse", api("/identity_verification/list",
                "{\"client_user_id\": \"" + subject.value() + "\", \"template_id\": \"" + TEMPLATE.value() + "\"}"));
        String kid = context.getBean(SandboxWebhooks.class).keyId();
        assertValid("WebhookVerificationKeyGetResponse",
                api("/webhook_verification_key/get", "{\"key_id\": \"" + kid + "\"}"));
        for (String code : List.of("STATUS_UPDATED", "STEP_UPDATED", "RETRIED")) {
            String schema = switch (code) {
                case "STATUS_UPDATED" -> "IdentityVerificationStatusUpdatedWebhook";
                case "STEP_UPDATED" -> "IdentityVerificationStepUpdatedWebhook";
                default -> "IdentityVerificationRetriedWebhook";
            };
            byte[] body = SandboxWebhooks.body(code, id);
            assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\n  \"environment\": \"sandbox\",");
            assertValid(schema, Fixtures.parse(new String(body, StandardCharsets.UTF_8)));
        }
        HttpResponse<String> unknown = post(server, "/sandbox/plaid/identity_verification/get",
                "{\"identity_verification_id\": \"idv_nope\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertValid("PlaidError", Fixtures.parse(unknown.body()));
        HttpResponse<String> missing = post(server, "/sandbox/plaid/link/token/create", "{\"client_name\": \"x\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertValid("PlaidError", Fixtures.parse(missing.body()));
    }

    @Test
    void badControlsAreRefusedInPlaidsErrorShape() throws Exception {
        String id = open(provider.start(startRequest(newSubject())).launch().token().orElseThrow().reveal());
        for (String outcome : List.of("explode", "pass_step", "fail_step:teleport")) {
            HttpResponse<String> response = post(server, "/sandbox/plaid/identity_verification/" + id + "/simulate",
                    "{\"outcome\": \"" + outcome + "\"}");
            assertThat(response.statusCode()).as(outcome).isEqualTo(400);
            assertValid("PlaidError", Fixtures.parse(response.body()));
        }
        assertThat(post(server, "/sandbox/plaid/identity_verification/idv_nope/simulate", "{\"outcome\": \"success\"}")
                .statusCode()).isEqualTo(400);
        assertThat(post(server, "/sandbox/plaid/link/link-sandbox-nope/open", "{}").statusCode()).isEqualTo(400);
        assertThat(signals.commands()).isEmpty();
    }

    @Test
    void retryingWhileTheAttemptIsActiveWithInferIsRejected() throws Exception {
        SubjectRef subject = newSubject();
        String id = open(provider.start(startRequest(subject)).launch().token().orElseThrow().reveal());
        var request = new VerificationProvider.RetryRequest(session(), Optional.of(new ProviderRef(id)), subject,
                TEMPLATE, RetryPlan.of(RetryMode.PROVIDER_CHOOSES));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.retry(request))
                .isInstanceOfSatisfying(ProviderRejected.class, rejected ->
                        assertThat(rejected.code()).isEqualTo("INVALID_REQUEST/INVALID_FIELD"));
    }

    @Test
    void theSandboxNeverAnswersWhenCredentialsAreConfigured() throws Exception {
        Map<String, Object> properties = Map.of("micronaut.server.port", -1,
                "veriflow.plaid.client-id", "configured", "veriflow.plaid.secret", "configured");
        try (ApplicationContext live = ApplicationContext.builder().properties(properties)
                .singletons(clock, signals).start()) {
            assertThat(live.findBean(SandboxPlaid.class)).isEmpty();
            assertThat(live.findBean(SandboxWebhooks.class)).isEmpty();
            EmbeddedServer own = live.getBean(EmbeddedServer.class).start();
            try {
                assertThat(post(own, "/sandbox/plaid/link/token/create", "{}").statusCode()).isEqualTo(404);
            } finally {
                own.stop();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    static SubjectRef newSubject() {
        return new SubjectRef("cus_sandbox_" + SUBJECTS.incrementAndGet());
    }

    static SessionId session() {
        return SessionId.fromParts(1777973400000L + SUBJECTS.get(), 7, 9);
    }

    static VerificationProvider.StartRequest startRequest(SubjectRef subject) {
        return new VerificationProvider.StartRequest(session(), new TenantId("acme"), subject, TEMPLATE,
                new IdempotencyKey("start-" + subject.value()));
    }

    static String open(String linkToken) throws Exception {
        HttpResponse<String> response = post(server, "/sandbox/plaid/link/" + linkToken + "/open", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Fixtures.parse(response.body());
        assertThat(body.get("link_session_id").getStringValue()).isEqualTo(body.get("identity_verification_id")
                .getStringValue());
        return body.get("identity_verification_id").getStringValue();
    }

    static JsonNode simulate(String id, String outcome) throws Exception {
        HttpResponse<String> response = post(server, "/sandbox/plaid/identity_verification/" + id + "/simulate",
                "{\"outcome\": \"" + outcome + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fixtures.parse(response.body());
    }

    static Map<String, Object> webhook(JsonNode simulateAnswer) {
        JsonNode report = simulateAnswer.get("webhooks").get(0);
        Map<String, Object> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : report.entries()) {
            JsonNode value = entry.getValue();
            out.put(entry.getKey(), value.isNull() ? null : value.isBoolean() ? value.getBooleanValue()
                    : value.isNumber() ? value.getIntValue() : value.getStringValue());
        }
        return out;
    }

    static JsonNode api(String path, String body) throws Exception {
        HttpResponse<String> response = post(server, "/sandbox/plaid" + path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fixtures.parse(response.body());
    }

    static HttpResponse<String> post(EmbeddedServer target, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(target.getURL() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertRecorded(RecordSignal.Command command, String id, String name) {
        assertThat(command.target()).isEqualTo(new RecordSignal.ToProviderRef(new ProviderRef(id)));
        assertThat(command.signal()).isInstanceOfSatisfying(Notification.class, notification -> {
            assertThat(notification.thin()).isTrue();
            assertThat(notification.meta().name().value()).isEqualTo(name);
        });
    }

    static void assertValid(String schema, JsonNode document) {
        assertThat(OpenApiSpec.violations(schema, document)).as(schema).isEmpty();
    }
}
