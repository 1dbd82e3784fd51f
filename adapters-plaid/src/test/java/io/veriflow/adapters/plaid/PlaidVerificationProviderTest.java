package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import io.veriflow.adapters.plaid.FakePlaid.Reply;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.port.out.VerificationProvider.RetryRequest;
import io.veriflow.domain.port.out.VerificationProvider.StartedAttempt;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The adapter's REST client against Plaid's API served locally from the shared fixtures. */
class PlaidVerificationProviderTest {

    static final SubjectRef SUBJECT = new SubjectRef("cus_7f3c2a91e0b4");
    static final TemplateRef TEMPLATE = new TemplateRef("idvtmp_4FrXJvfQU3zGUR");
    static final ProviderRef ATTEMPT_1 = new ProviderRef("idv_52xR9LKo77r1Np");
    static final ProviderRef ATTEMPT_2 = new ProviderRef("idv_8Wq3Nn5pTzKvLm");
    static final SessionId SESSION = SessionId.fromParts(1777907000000L, 1, 2);
    static final Instant NOW = Instant.parse("2026-05-07T12:00:00Z");

    static FakePlaid plaid;
    static MutableClock clock;
    static ApplicationContext context;
    static VerificationProvider provider;

    @BeforeAll
    static void start() throws Exception {
        plaid = new FakePlaid();
        clock = new MutableClock(NOW);
        context = context(false);
        provider = context.getBean(VerificationProvider.class);
    }

    static ApplicationContext context(boolean precreate) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("veriflow.plaid.client-id", "test-client-id");
        properties.put("veriflow.plaid.secret", "test-secret-value");
        properties.put("veriflow.plaid.base-url", plaid.url());
        properties.put("veriflow.plaid.client-name", "Example App");
        properties.put("veriflow.plaid.session-lifetime", "3d");
        properties.put("veriflow.plaid.precreate", precreate);
        properties.put("micronaut.http.client.read-timeout", "1s");
        return ApplicationContext.builder().properties(properties).singletons(clock).start();
    }

    @AfterAll
    static void stop() {
        context.close();
        plaid.close();
    }

    @BeforeEach
    void resetPlaid() {
        plaid.reset();
        clock.set(NOW);
    }

    // --------------------------------------------------------------------------------------------------- start

    @Test
    void isThePlaidProviderWithTheConfiguredLifetime() {
        assertThat(provider).isInstanceOf(PlaidVerificationProvider.class);
        assertThat(provider.id()).isEqualTo(PlaidProvider.ID);
        assertThat(provider.capabilities()).isEqualTo(PlaidProvider.capabilities(Duration.ofDays(3)));
        assertThat(provider.capabilities().expiry()).isEqualTo(new ExpiryPolicy.PlatformExpires(Duration.ofDays(3)));
    }

    @Test
    void startCreatesAnIdvLinkTokenForTheSubject() {
        StartedAttempt started = provider.start(startRequest());
        assertThat(started.ref()).isEmpty();
        assertThat(started.snapshot()).isEmpty();
        assertThat(started.launch().token()).hasValueSatisfying(token ->
                assertThat(token.reveal()).isEqualTo("link-sandbox-6f1c2b7e-3d4a-4b8c-9e0f-1a2b3c4d5e6f"));
        assertThat(started.launch().expiresAt()).contains(Instant.parse("2026-05-05T13:29:41Z"));
        FakePlaid.Received request = plaid.received("/link/token/create").getFirst();
        JsonNode body = request.json();
        JsonNode fixture = Fixtures.json("api/link_token_create.request.idv.json");
        assertThat(JsonText.canonical(body.get("user"))).isEqualTo("{\"client_user_id\":\"cus_7f3c2a91e0b4\"}");
        for (String key : List.of("client_name", "language", "country_codes", "products", "identity_verification")) {
            assertThat(JsonText.canonical(body.get(key))).as(key).isEqualTo(JsonText.canonical(fixture.get(key)));
        }
        assertThat(OpenApiSpec.violations("LinkTokenCreateRequest", body)).isEmpty();
        assertAuthenticated(request);
        assertThat(plaid.received("/identity_verification/create")).isEmpty();
    }

    @Test
    void withPrecreateTheAttemptIsCreatedIdempotentlyFirst() {
        try (ApplicationContext precreating = context(true)) {
            StartedAttempt started = precreating.getBean(VerificationProvider.class).start(startRequest());
            assertThat(started.ref()).contains(ATTEMPT_1);
            assertThat(started.snapshot()).hasValueSatisfying(snapshot -> {
                assertThat(snapshot.status()).isEqualTo(SnapshotStatus.IN_PROGRESS);
                assertThat(snapshot.ref()).isEqualTo(ATTEMPT_1);
                assertThat(snapshot.subject()).contains(SUBJECT);
            });
            assertThat(started.launch().token()).isPresent();
            assertThat(plaid.received()).extracting(FakePlaid.Received::path)
                    .containsExactly("/identity_verification/create", "/link/token/create");
            JsonNode create = plaid.received("/identity_verification/create").getFirst().json();
            assertThat(JsonText.canonical(create)).isEqualTo(
                    "{\"client_user_id\":\"cus_7f3c2a91e0b4\",\"gave_consent\":false,\"is_idempotent\":true,"
                            + "\"is_shareable\":false,\"template_id\":\"idvtmp_4FrXJvfQU3zGUR\"}");
            assertThat(OpenApiSpec.violations("IdentityVerificationCreateRequest", create)).isEmpty();
        }
    }

    @Test
    void resumeGetsANewLinkTokenForTheSameUser() {
        var grant = provider.resume(new VerificationProvider.ResumeRequest(SESSION, Optional.of(ATTEMPT_1), SUBJECT,
                TEMPLATE, new IdempotencyKey("resume-1")));
        assertThat(grant.launch().token()).isPresent();
        assertThat(grant.snapshot()).isEmpty();
        assertThat(JsonText.text(plaid.received("/link/token/create").getFirst().json().get("user"), "client_user_id"))
                .contains(SUBJECT.value());
    }

    // --------------------------------------------------------------------------------------------------- fetch

    static Stream<Arguments> getFixtures() {
        return Stream.of(
                Arguments.of("active", "idv_52xR9LKo77r1Np", SnapshotStatus.IN_PROGRESS, null, List.of(
                        new Step(StandardStep.TERMS, StepStatus.PASSED), new Step(StandardStep.PHONE, StepStatus.PASSED),
                        new Step(StandardStep.DATA_CHECK, StepStatus.ACTIVE),
                        new Step(StandardStep.DOCUMENT, StepStatus.PENDING),
                        new Step(StandardStep.SELFIE, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.WATCHLIST, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.RISK, StepStatus.PENDING))),
                Arguments.of("failed", "idv_52xR9LKo77r1Np", SnapshotStatus.FAILED, null, List.of(
                        new Step(StandardStep.TERMS, StepStatus.PASSED), new Step(StandardStep.PHONE, StepStatus.PASSED),
                        new Step(StandardStep.DATA_CHECK, StepStatus.FAILED),
                        new Step(StandardStep.DOCUMENT, StepStatus.FAILED),
                        new Step(StandardStep.SELFIE, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.WATCHLIST, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.RISK, StepStatus.PASSED))),
                Arguments.of("success", "idv_8Wq3Nn5pTzKvLm", SnapshotStatus.PASSED, "idv_52xR9LKo77r1Np", List.of(
                        new Step(StandardStep.TERMS, StepStatus.PASSED), new Step(StandardStep.PHONE, StepStatus.PASSED),
                        new Step(StandardStep.DATA_CHECK, StepStatus.PASSED),
                        new Step(StandardStep.DOCUMENT, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.SELFIE, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.WATCHLIST, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.RISK, StepStatus.PASSED))),
                Arguments.of("pending_review", "idv_3Kp9Lm2QrTvXyZ", SnapshotStatus.NEEDS_REVIEW, null, List.of(
                        new Step(StandardStep.TERMS, StepStatus.PASSED), new Step(StandardStep.PHONE, StepStatus.PASSED),
                        new Step(StandardStep.DATA_CHECK, StepStatus.PASSED),
                        new Step(StandardStep.DOCUMENT, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.SELFIE, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.WATCHLIST, StepStatus.IN_REVIEW),
                        new Step(StandardStep.RISK, StepStatus.PASSED))),
                Arguments.of("expired", "idv_7Dk4Rw1PbNcEhJ", SnapshotStatus.EXPIRED, null, List.of(
                        new Step(StandardStep.TERMS, StepStatus.PASSED),
                        new Step(StandardStep.PHONE, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.DATA_CHECK, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.DOCUMENT, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.SELFIE, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.WATCHLIST, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.RISK, StepStatus.NOT_APPLICABLE))),
                Arguments.of("canceled", "idv_9Hj6Tq3VxMnBzP", SnapshotStatus.CANCELED, null, List.of(
                        new Step(StandardStep.TERMS, StepStatus.PASSED), new Step(StandardStep.PHONE, StepStatus.PASSED),
                        new Step(StandardStep.DATA_CHECK, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.DOCUMENT, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.SELFIE, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.WATCHLIST, StepStatus.NOT_APPLICABLE),
                        new Step(StandardStep.RISK, StepStatus.NOT_APPLICABLE))));
    }

    @ParameterizedTest(name = "get.{0} is {2}")
    @MethodSource("getFixtures")
    void fetchReadsTheAttempt(String fixture, String id, SnapshotStatus status, String previous, List<Step> steps) {
        String file = "api/identity_verification_get." + fixture + ".json";
        plaid.route("/identity_verification/get", request -> Reply.fixture(200, file));
        JsonNode raw = Fixtures.json(file);
        Snapshot snapshot = provider.fetch(new ProviderRef(id));
        assertThat(snapshot.ref()).isEqualTo(new ProviderRef(id));
        assertThat(snapshot.status()).isEqualTo(status);
        assertThat(snapshot.providerStatus()).isEqualTo(fixture);
        assertThat(snapshot.previousRef()).isEqualTo(Optional.ofNullable(previous).map(ProviderRef::new));
        assertThat(snapshot.subject()).contains(new SubjectRef(JsonText.text(raw, "client_user_id").orElseThrow()));
        assertThat(snapshot.steps()).containsExactlyElementsOf(steps);
        assertThat(snapshot.reasons()).isEmpty();
        assertThat(snapshot.asOf()).isEqualTo(NOW);
        JsonNode request = plaid.received("/identity_verification/get").getFirst().json();
        assertThat(JsonText.canonical(request)).isEqualTo(JsonText.canonical(
                JsonText.object().put("identity_verification_id", id).build()));
        assertThat(OpenApiSpec.violations("IdentityVerificationGetRequest", request)).isEmpty();
    }

    @Test
    void asOfIsPlaidsLatestTimeWhenOurClockIsBehind() {
        plaid.route("/identity_verification/get",
                request -> Reply.fixture(200, "api/identity_verification_get.failed.json"));
        clock.set(Instant.parse("2026-05-04T15:05:00Z"));
        assertThat(provider.fetch(ATTEMPT_1).asOf()).isEqualTo(Instant.parse("2026-05-04T15:11:47Z"));
    }

    @Test
    void unknownStatusesAndStepsNeverThrow() {
        JsonNode active = Fixtures.json("api/identity_verification_get.active.json");
        String body = JsonText.write(active)
                .replace("\"status\":\"active\"", "\"status\":\"some_future_status\"")
                .replace("\"kyc_check\":\"active\"", "\"kyc_check\":\"some_future_step_status\"")
                .replace("\"risk_check\":\"waiting_for_prerequisite\"",
                        "\"risk_check\":\"waiting_for_prerequisite\",\"liveness\":\"success\"");
        plaid.route("/identity_verification/get", request -> Reply.ok(body));
        Snapshot snapshot = provider.fetch(ATTEMPT_1);
        assertThat(snapshot.status()).isEqualTo(SnapshotStatus.UNKNOWN);
        assertThat(snapshot.providerStatus()).isEqualTo("some_future_status");
        assertThat(snapshot.steps()).extracting(Step::kind).doesNotContain(StandardStep.DATA_CHECK)
                .contains(new io.veriflow.domain.model.OtherStep("liveness"));
    }

    @Test
    void anAnswerAboutAnotherAttemptBreaksTheContract() {
        plaid.route("/identity_verification/get",
                request -> Reply.fixture(200, "api/identity_verification_get.success.json"));
        assertThatThrownBy(() -> provider.fetch(ATTEMPT_1)).isInstanceOf(ProviderContractViolation.class);
    }

    // --------------------------------------------------------------------------------------------------- retry

    @Test
    void retryWithResetSendsTheFixtureRequestAfterListing() {
        plaid.route("/identity_verification/list", request -> Reply.ok(listWithOnlyTheFirstAttempt()));
        StartedAttempt retried = provider.retry(retryRequest(RetryPlan.of(RetryMode.RESTART)));
        assertThat(retried.ref()).contains(ATTEMPT_2);
        assertThat(retried.snapshot()).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.previousRef()).contains(ATTEMPT_1);
            assertThat(snapshot.status()).isEqualTo(SnapshotStatus.IN_PROGRESS);
        });
        assertThat(retried.launch().token()).isPresent();
        assertThat(plaid.received()).extracting(FakePlaid.Received::path).containsExactly(
                "/identity_verification/list", "/identity_verification/retry", "/link/token/create");
        JsonNode list = plaid.received("/identity_verification/list").getFirst().json();
        assertThat(JsonText.canonical(list))
                .isEqualTo(JsonText.canonical(Fixtures.json("api/identity_verification_list.request.json")));
        assertThat(OpenApiSpec.violations("IdentityVerificationListRequest", list)).isEmpty();
        JsonNode retry = plaid.received("/identity_verification/retry").getFirst().json();
        assertThat(JsonText.canonical(retry))
                .isEqualTo(JsonText.canonical(Fixtures.json("api/identity_verification_retry.request.reset.json")));
        assertThat(OpenApiSpec.violations("IdentityVerificationRetryRequest", retry)).isEmpty();
        assertAuthenticated(plaid.received("/identity_verification/retry").getFirst());
    }

    @Test
    void retryWithSelectedStepsSendsTheCustomFixtureRequest() {
        plaid.route("/identity_verification/list", request -> Reply.ok(listWithOnlyTheFirstAttempt()));
        provider.retry(retryRequest(new RetryPlan(RetryMode.SELECTED_STEPS,
                Set.of(StandardStep.DATA_CHECK, StandardStep.DOCUMENT))));
        JsonNode retry = plaid.received("/identity_verification/retry").getFirst().json();
        // is_shareable is left out: null inherits the original attempt's setting (never shareable here)
        JsonNode fixture = Fixtures.json("api/identity_verification_retry.request.custom.json");
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : fixture.entries()) {
            if (!entry.getKey().equals("is_shareable")) {
                expected.put(entry.getKey(), entry.getValue());
            }
        }
        assertThat(JsonText.canonical(retry)).isEqualTo(JsonText.canonical(JsonNode.createObjectNode(expected)));
        assertThat(OpenApiSpec.violations("IdentityVerificationRetryRequest", retry)).isEmpty();
    }

    @Test
    void everyRetryModeSendsItsStrategy() {
        Map<RetryMode, String> sent = new LinkedHashMap<>();
        for (RetryMode mode : RetryMode.values()) {
            plaid.reset();
            plaid.route("/identity_verification/list", request -> Reply.ok(listWithOnlyTheFirstAttempt()));
            RetryPlan plan = mode == RetryMode.SELECTED_STEPS
                    ? new RetryPlan(mode, Set.of(StandardStep.SELFIE)) : RetryPlan.of(mode);
            provider.retry(retryRequest(plan));
            JsonNode retry = plaid.received("/identity_verification/retry").getFirst().json();
            sent.put(mode, JsonText.text(retry, "strategy").orElseThrow());
            assertThat(retry.get("steps") != null).isEqualTo(mode == RetryMode.SELECTED_STEPS);
            assertThat(OpenApiSpec.violations("IdentityVerificationRetryRequest", retry)).isEmpty();
        }
        assertThat(sent).containsExactly(Map.entry(RetryMode.RESTART, "reset"),
                Map.entry(RetryMode.FROM_FAILED_STEP, "incomplete"), Map.entry(RetryMode.PROVIDER_CHOOSES, "infer"),
                Map.entry(RetryMode.SELECTED_STEPS, "custom"));
    }

    @Test
    void aRetryWhoseAnswerWasLostIsFoundByListingInsteadOfRetryingAgain() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        plaid.route("/identity_verification/list", request ->
                plaid.received("/identity_verification/retry").isEmpty()
                        ? Reply.ok(listWithOnlyTheFirstAttempt())
                        : Reply.fixture(200, "api/identity_verification_list.response.json"));
        plaid.route("/identity_verification/retry", request -> {
            // Plaid creates the attempt, but answers only after our read timeout (1 s)
            never.await(3, TimeUnit.SECONDS);
            return Reply.fixture(200, "api/identity_verification_retry.response.json");
        });
        try {
            RetryRequest request = retryRequest(RetryPlan.of(RetryMode.RESTART));
            assertThatThrownBy(() -> provider.retry(request))
                    .isInstanceOfSatisfying(ProviderUnavailable.class, unavailable ->
                            assertThat(unavailable.getCause()).isInstanceOf(TimeoutException.class));
            StartedAttempt again = provider.retry(request);
            assertThat(again.ref()).contains(ATTEMPT_2);
            assertThat(again.snapshot()).hasValueSatisfying(snapshot ->
                    assertThat(snapshot.previousRef()).contains(ATTEMPT_1));
            assertThat(again.launch().token()).isPresent();
            assertThat(plaid.received("/identity_verification/retry")).as("retry sent once only").hasSize(1);
            assertThat(plaid.received("/identity_verification/list")).hasSize(2);
        } finally {
            never.countDown();
        }
    }

    @Test
    void listingFollowsTheCursorAndPicksTheNewestChainedAttempt() {
        JsonNode page1 = Fixtures.parse(listWithOnlyTheFirstAttempt().replace("\"next_cursor\":null",
                "\"next_cursor\":\"page-2\""));
        plaid.route("/identity_verification/list", request -> JsonText.text(request.json(), "cursor").isPresent()
                ? Reply.fixture(200, "api/identity_verification_list.response.json")
                : Reply.ok(JsonText.write(page1)));
        StartedAttempt retried = provider.retry(retryRequest(RetryPlan.of(RetryMode.RESTART)));
        assertThat(retried.ref()).contains(ATTEMPT_2);
        assertThat(plaid.received("/identity_verification/retry")).isEmpty();
        assertThat(plaid.received("/identity_verification/list")).hasSize(2);
        assertThat(JsonText.text(plaid.received("/identity_verification/list").get(1).json(), "cursor"))
                .contains("page-2");
    }

    // --------------------------------------------------------------------------------------------------- errors

    static Stream<Arguments> errorFixtures() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode entry : Fixtures.json("errors/_index.json").get("errors").values()) {
            cases.add(Arguments.of(JsonText.text(entry, "file").orElseThrow(), entry.get("http_status").getIntValue(),
                    JsonText.text(entry, "error_type").orElseThrow() + "/"
                            + JsonText.text(entry, "error_code").orElseThrow(),
                    entry.get("suggested_retryable").getBooleanValue()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorFixtures")
    void plaidErrorsMapByTheirErrorObject(String file, int status, String code, boolean retryable) {
        assertThat(file).startsWith(status + "_");
        plaid.route("/identity_verification/get", request -> Reply.fixture(status, "errors/" + file));
        Throwable thrown = catchFailure(() -> provider.fetch(ATTEMPT_1));
        if (retryable) {
            assertThat(thrown).isInstanceOf(ProviderUnavailable.class).hasMessageContaining(code);
        } else {
            assertThat(thrown).isInstanceOfSatisfying(ProviderRejected.class, rejected ->
                    assertThat(rejected.code()).isEqualTo(code));
        }
        String requestId = JsonText.text(Fixtures.json("errors/" + file), "request_id").orElseThrow();
        assertThat(thrown.getMessage()).contains(requestId)
                .doesNotContain(JsonText.text(Fixtures.json("errors/" + file), "error_message").orElseThrow());
    }

    @Test
    void retryAfterIsHonoured() {
        plaid.route("/identity_verification/get", request ->
                Reply.fixture(429, "errors/429_RATE_LIMIT_EXCEEDED.RATE_LIMIT.json").withHeader("Retry-After", "7"));
        assertThatThrownBy(() -> provider.fetch(ATTEMPT_1)).isInstanceOfSatisfying(ProviderUnavailable.class,
                unavailable -> assertThat(unavailable.retryAfter()).contains(Duration.ofSeconds(7)));
    }

    @Test
    void gatewayErrorsWithoutAPlaidBodyAreUnavailable() {
        plaid.route("/identity_verification/get", request -> new Reply(502, "<html>bad gateway</html>", Map.of()));
        assertThatThrownBy(() -> provider.fetch(ATTEMPT_1)).isInstanceOf(ProviderUnavailable.class);
    }

    @Test
    void unreadableAnswersBreakTheContract() {
        plaid.route("/identity_verification/get", request -> new Reply(400, "<html>nope</html>", Map.of()));
        assertThatThrownBy(() -> provider.fetch(ATTEMPT_1)).isInstanceOf(ProviderContractViolation.class);
        plaid.route("/identity_verification/get", request -> Reply.ok("{\"id\": \"idv_52xR9LKo77r1Np\"}"));
        assertThatThrownBy(() -> provider.fetch(ATTEMPT_1)).isInstanceOf(ProviderContractViolation.class);
        plaid.route("/identity_verification/get", request -> Reply.ok("[]"));
        assertThatThrownBy(() -> provider.fetch(ATTEMPT_1)).isInstanceOf(ProviderContractViolation.class);
    }

    @Test
    void aServerErrorOnRetryLeavesTheOutcomeUnknownSoItIsNotResent() {
        plaid.route("/identity_verification/list", request -> Reply.ok(listWithOnlyTheFirstAttempt()));
        plaid.route("/identity_verification/retry",
                request -> Reply.fixture(500, "errors/500_API_ERROR.INTERNAL_SERVER_ERROR.json"));
        assertThatThrownBy(() -> provider.retry(retryRequest(RetryPlan.of(RetryMode.RESTART))))
                .isInstanceOfSatisfying(ProviderUnavailable.class, unavailable ->
                        assertThat(unavailable.getCause()).isInstanceOf(TimeoutException.class));
        plaid.route("/identity_verification/retry",
                request -> Reply.fixture(429, "errors/429_RATE_LIMIT_EXCEEDED.RATE_LIMIT.json"));
        assertThatThrownBy(() -> provider.retry(retryRequest(RetryPlan.of(RetryMode.RESTART))))
                .isInstanceOfSatisfying(ProviderUnavailable.class, unavailable ->
                        assertThat(unavailable.getCause()).as("429: not processed, safe to re-send").isNull());
        plaid.route("/identity_verification/get",
                request -> Reply.fixture(500, "errors/500_API_ERROR.INTERNAL_SERVER_ERROR.json"));
        assertThatThrownBy(() -> provider.fetch(ATTEMPT_1)).isInstanceOfSatisfying(ProviderUnavailable.class,
                unavailable -> assertThat(unavailable.getCause()).as("reads are safe to re-send").isNull());
    }

    @Test
    void anUnreachablePlaidIsUnavailable() throws Exception {
        FakePlaid gone = new FakePlaid();
        String url = gone.url();
        gone.close();
        Map<String, Object> properties = Map.of("veriflow.plaid.client-id", "id", "veriflow.plaid.secret", "secret",
                "veriflow.plaid.base-url", url);
        try (ApplicationContext unreachable = ApplicationContext.builder().properties(properties)
                .singletons(clock).start()) {
            VerificationProvider nowhere = unreachable.getBean(VerificationProvider.class);
            assertThatThrownBy(() -> nowhere.fetch(ATTEMPT_1)).isInstanceOf(ProviderUnavailable.class);
            assertThatThrownBy(() -> nowhere.retry(retryRequest(RetryPlan.of(RetryMode.RESTART))))
                    .isInstanceOfSatisfying(ProviderUnavailable.class, unavailable ->
                            assertThat(unavailable.getCause()).isNotInstanceOf(TimeoutException.class));
        }
    }

    @Test
    void credentialsTravelInHeadersOnlyAndNeverInFailures() {
        plaid.route("/identity_verification/get",
                request -> Reply.fixture(400, "errors/400_INVALID_INPUT.INVALID_API_KEYS.json"));
        Throwable thrown = catchFailure(() -> provider.fetch(ATTEMPT_1));
        assertThat(thrown.getMessage()).doesNotContain("test-secret-value").doesNotContain("test-client-id");
        FakePlaid.Received request = plaid.received("/identity_verification/get").getFirst();
        assertThat(request.body()).doesNotContain("test-secret-value").doesNotContain("client_id");
        assertAuthenticated(request);
    }

    // --------------------------------------------------------------------------------------------------- helpers

    static VerificationProvider.StartRequest startRequest() {
        return new VerificationProvider.StartRequest(SESSION, new TenantId("acme"), SUBJECT, TEMPLATE,
                new IdempotencyKey("start-1"));
    }

    static RetryRequest retryRequest(RetryPlan plan) {
        return new RetryRequest(SESSION, Optional.of(ATTEMPT_1), SUBJECT, TEMPLATE, plan);
    }

    /** The list fixture before the retry: only the first attempt. */
    static String listWithOnlyTheFirstAttempt() {
        JsonNode list = Fixtures.json("api/identity_verification_list.response.json");
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode item : list.get("identity_verifications").values()) {
            if (JsonText.text(item, "id").orElse("").equals(ATTEMPT_1.value())) {
                kept.add(item);
            }
        }
        return JsonText.write(JsonText.object()
                .put("identity_verifications", JsonNode.createArrayNode(kept))
                .put("next_cursor", (String) null)
                .put("request_id", "listBefore")
                .build());
    }

    static void assertAuthenticated(FakePlaid.Received request) {
        assertThat(request.headers()).containsEntry("plaid-client-id", "test-client-id")
                .containsEntry("plaid-secret", "test-secret-value")
                .containsEntry("plaid-version", "2020-09-14");
        assertThat(request.headers().get("content-type")).startsWith("application/json");
    }

    static Throwable catchFailure(Runnable call) {
        try {
            call.run();
        } catch (ProviderFailure failure) {
            return failure;
        }
        throw new AssertionError("expected a ProviderFailure");
    }
}
