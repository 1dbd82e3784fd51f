package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Translated;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Translation;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Unreadable;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.HintContent.ClientFailed;
import io.veriflow.domain.signal.HintContent.FlowExited;
import io.veriflow.domain.signal.HintContent.FlowFinished;
import io.veriflow.domain.signal.HintContent.FlowOpened;
import io.veriflow.domain.signal.HintContent.Informational;
import io.veriflow.domain.signal.HintContent.StepReported;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every Link callback fixture, web, React Native and webview, and what it becomes. */
class PlaidClientCallbacksTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-05T10:00:00Z");
    private static final String ATTEMPT_1 = "idv_52xR9LKo77r1Np";
    private static final String ATTEMPT_2 = "idv_8Wq3Nn5pTzKvLm";
    private static final String REVIEWED = "idv_3Kp9Lm2QrTvXyZ";

    private final PlaidClientCallbacks callbacks = new PlaidClientCallbacks(Fixtures.JSON);

    private record Expected(List<HintContent> contents, Optional<String> claimed) {
    }

    private static Expected expect(String claimed, HintContent... contents) {
        return new Expected(List.of(contents), Optional.ofNullable(claimed));
    }

    private static StepReported step(StandardStep step, StepStatus status) {
        return new StepReported(step, status);
    }

    private static FlowFinished finished(String claimedStatus) {
        return new FlowFinished(Optional.ofNullable(claimedStatus));
    }

    private static final FlowExited EXITED = new FlowExited(Optional.empty());

    /** Expectations per fixture file, relative to fixtures/link_callbacks. */
    private static final Map<String, Expected> FILES = new LinkedHashMap<>();

    static {
        FILES.put("web/onEvent.EXIT.json", expect(ATTEMPT_1, EXITED));
        FILES.put("web/onEvent.IDENTITY_VERIFICATION_FAIL_SESSION.json", expect(ATTEMPT_1, finished("failed")));
        FILES.put("web/onEvent.IDENTITY_VERIFICATION_FAIL_STEP.json",
                expect(ATTEMPT_1, step(StandardStep.DOCUMENT, StepStatus.FAILED)));
        FILES.put("web/onEvent.IDENTITY_VERIFICATION_PASS_SESSION.json", expect(ATTEMPT_2, finished("success")));
        FILES.put("web/onEvent.IDENTITY_VERIFICATION_PASS_STEP.json",
                expect(ATTEMPT_2, step(StandardStep.DATA_CHECK, StepStatus.PASSED)));
        FILES.put("web/onEvent.IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION.json",
                expect(REVIEWED, finished("pending_review")));
        FILES.put("web/onEvent.IDENTITY_VERIFICATION_START_STEP.json",
                expect(ATTEMPT_2, step(StandardStep.DATA_CHECK, StepStatus.ACTIVE)));
        FILES.put("web/onEvent.OPEN.json", expect(ATTEMPT_2, new FlowOpened()));
        FILES.put("web/onEvent.UNKNOWN_FUTURE_EVENT.json", expect(ATTEMPT_2, new Informational()));
        FILES.put("web/onEvent.sequence.success_session.json", expect(ATTEMPT_2,
                new FlowOpened(), new FlowOpened(), new FlowOpened(),
                step(StandardStep.TERMS, StepStatus.ACTIVE), step(StandardStep.TERMS, StepStatus.PASSED),
                step(StandardStep.PHONE, StepStatus.ACTIVE), step(StandardStep.PHONE, StepStatus.PASSED),
                step(StandardStep.DATA_CHECK, StepStatus.ACTIVE), step(StandardStep.DATA_CHECK, StepStatus.PASSED),
                step(StandardStep.RISK, StepStatus.ACTIVE), step(StandardStep.RISK, StepStatus.PASSED),
                finished("success"), new Informational(), finished(null)));
        FILES.put("web/onExit.idv.user_closed.json", expect(ATTEMPT_1, EXITED));
        FILES.put("web/onExit.invalid_link_token.json",
                expect("idv_2Zn8Xc4VbQ6wEr", new ClientFailed("INVALID_LINK_TOKEN", true), EXITED));
        FILES.put("web/onSuccess.idv.json", expect(ATTEMPT_2, finished(null)));
        FILES.put("react_native/onEvent.IDENTITY_VERIFICATION_PASS_SESSION.json",
                expect(ATTEMPT_2, finished("success")));
        FILES.put("react_native/onExit.idv.json", expect(ATTEMPT_1, EXITED));
        FILES.put("react_native/onSuccess.idv.json", expect(ATTEMPT_2, finished(null)));
    }

    /** Expectations per line of webview/plaidlink_redirects.txt. */
    private static final List<Expected> REDIRECTS = List.of(
            expect(ATTEMPT_2, finished(null)),
            expect(ATTEMPT_1, EXITED),
            expect("idv_2Zn8Xc4VbQ6wEr", new ClientFailed("INVALID_LINK_TOKEN", true), EXITED),
            expect(ATTEMPT_2, step(StandardStep.DATA_CHECK, StepStatus.ACTIVE)),
            expect(ATTEMPT_2, step(StandardStep.DATA_CHECK, StepStatus.PASSED)),
            expect(ATTEMPT_1, step(StandardStep.DOCUMENT, StepStatus.FAILED)),
            expect(ATTEMPT_2, finished("success")),
            expect(ATTEMPT_1, finished("failed")),
            expect(ATTEMPT_1, EXITED),
            expect(ATTEMPT_2, new FlowOpened()),
            // a bank-linking session: its link_session_id is no IDV id, so nothing is claimed
            expect(null, finished(null)));

    static Stream<Arguments> files() {
        return FILES.entrySet().stream().map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    static Stream<Arguments> redirects() {
        List<String> lines = Fixtures.text("link_callbacks/webview/plaidlink_redirects.txt").lines()
                .filter(line -> !line.isBlank()).toList();
        assertThat(lines).hasSameSizeAs(REDIRECTS);
        return IntStream.range(0, lines.size()).mapToObj(i -> Arguments.of(i + 1, lines.get(i), REDIRECTS.get(i)));
    }

    @Test
    void everyCallbackFixtureHasAnExpectation() {
        Set<String> present = new HashSet<>();
        for (String folder : List.of("web", "react_native")) {
            for (Path file : Fixtures.list("link_callbacks/" + folder)) {
                present.add(folder + "/" + file.getFileName());
            }
        }
        assertThat(present).containsExactlyInAnyOrderElementsOf(FILES.keySet());
        assertThat(Fixtures.list("link_callbacks/webview")).extracting(path -> path.getFileName().toString())
                .containsExactly("plaidlink_redirects.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void translatesEveryForwardedCallback(String file, Expected expected) {
        Translated translated = translated(Fixtures.text("link_callbacks/" + file));
        assertHints(translated, expected);
        assertMinimised(translated);
    }

    @ParameterizedTest(name = "redirect line {0}")
    @MethodSource("redirects")
    void translatesEveryWebviewRedirect(int line, String uri, Expected expected) {
        Translated translated = translated(redirectBody(uri));
        assertHints(translated, expected);
        assertMinimised(translated);
        assertThat(translated.hints()).allSatisfy(hint ->
                assertThat(hint.meta().name().value()).startsWith("plaid.redirect."));
    }

    @Test
    void bankLinkingRedirectKeepsAccountIdsOnly() {
        String uri = Fixtures.text("link_callbacks/webview/plaidlink_redirects.txt").lines().toList().get(10);
        String payload = translated(redirectBody(uri)).minimised().json();
        assertThat(payload).contains("ygPnJweommTWNr9doD6ZfGR6GGVQy7fyREmWy").contains("ins_3")
                .doesNotContain("public-sandbox").doesNotContain("Chase").doesNotContain("Plaid Checking")
                .doesNotContain("0000");
    }

    @Test
    void theDocsSpellingOfTheExitMessageIsAcceptedAndNotKept() {
        Translated translated = translated(redirectBody(
                "plaidlink://exit?status=requires_credentials&error_type=ITEM_ERROR&error_code=ITEM_LOGIN_REQUIRED"
                        + "&error_display_message=The%20credentials%20were%20not%20correct.&error_message=the%20"
                        + "credentials&display_message=Other%20text&institution_id=ins_3&institution_name=Chase"
                        + "&link_session_id=idv_52xR9LKo77r1Np&request_id=m8MDnv9okwxFNBV"));
        assertThat(translated.hints()).extracting(ClientHint::content)
                .containsExactly(new ClientFailed("ITEM_LOGIN_REQUIRED", true), EXITED);
        assertThat(translated.minimised().json()).contains("ITEM_LOGIN_REQUIRED").contains("requires_credentials")
                .doesNotContain("credentials were").doesNotContain("Other text").doesNotContain("Chase");
    }

    @Test
    void theDocsMalformedEventExampleStillReads() {
        Translated translated = translated(redirectBody("plaidlink://event&event_name=SELECT_INSTITUTION"
                + "?error_type=ITEM_ERROR&exit_status&institution_id=ins_55&view_name=ERROR&request_id"
                + "&link_session_id=821f45a8-854a-4dbb-8e5f-73f75350e7e7&timestamp=2018-10-05T15%3A22%3A50.542Z"));
        assertThat(translated.hints()).singleElement().satisfies(hint -> {
            assertThat(hint.content()).isEqualTo(new Informational());
            assertThat(hint.meta().name().value()).isEqualTo("plaid.redirect.event.SELECT_INSTITUTION");
            assertThat(hint.meta().occurredAt()).contains(Instant.parse("2018-10-05T15:22:50.542Z"));
        });
    }

    @Test
    void anEventForwardedAloneAndInABatchDedupesToTheSameKey() {
        ClientHint alone = translated(Fixtures.text("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_PASS_STEP.json"))
                .hints().getFirst();
        List<ClientHint> batch = translated(
                Fixtures.text("link_callbacks/web/onEvent.sequence.success_session.json")).hints();
        assertThat(batch).extracting(hint -> hint.meta().dedupeKey()).contains(alone.meta().dedupeKey())
                .doesNotHaveDuplicates();
        ClientHint again = translated(Fixtures.text("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_PASS_STEP.json"))
                .hints().getFirst();
        assertThat(again.meta().dedupeKey()).isEqualTo(alone.meta().dedupeKey());
    }

    @Test
    void reformattingTheBodyKeepsTheDedupeKey() {
        String pretty = Fixtures.text("link_callbacks/web/onSuccess.idv.json");
        String compact = JsonText.write(Fixtures.parse(pretty));
        assertThat(translated(compact).hints().getFirst().meta().dedupeKey())
                .isEqualTo(translated(pretty).hints().getFirst().meta().dedupeKey());
    }

    @Test
    void anExitWithAnErrorGivesTwoHintsWithDistinctKeys() {
        List<ClientHint> hints = translated(Fixtures.text("link_callbacks/web/onExit.invalid_link_token.json")).hints();
        assertThat(hints).extracting(hint -> hint.meta().dedupeKey()).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void eventTimestampsBecomeOccurredAtAndOurClockReceivedAt() {
        ClientHint hint = translated(Fixtures.text("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_FAIL_STEP.json"))
                .hints().getFirst();
        assertThat(hint.meta().occurredAt()).contains(Instant.parse("2026-05-04T15:11:40.331Z"));
        assertThat(hint.meta().receivedAt()).isEqualTo(RECEIVED);
        assertThat(hint.meta().name().value()).isEqualTo("plaid.onEvent.IDENTITY_VERIFICATION_FAIL_STEP");
        ClientHint success = translated(Fixtures.text("link_callbacks/web/onSuccess.idv.json")).hints().getFirst();
        assertThat(success.meta().occurredAt()).isEmpty();
        assertThat(success.meta().name().value()).isEqualTo("plaid.onSuccess");
    }

    @Test
    void nativeCamelCaseNamesAreNormalised() {
        Translated ios = translated("""
                {"eventName": "identityVerificationPassStep",
                 "metadata": {"linkSessionID": "idv_8Wq3Nn5pTzKvLm", "requestID": "r1", "viewName": "acceptTOS",
                              "timestamp": "2026-05-05T09:36:20.733Z", "metadataJSON": "{}"}}""");
        assertHints(ios, expect(ATTEMPT_2, step(StandardStep.TERMS, StepStatus.PASSED)));
        Translated openUi = translated("""
                {"eventName": "identityVerificationOpenUI", "metadata": {"linkSessionId": "idv_8Wq3Nn5pTzKvLm"}}""");
        assertHints(openUi, expect(ATTEMPT_2, new FlowOpened()));
    }

    @Test
    void nativeMetadataJsonIsReadWhenTheCamelCaseFieldsAreEmpty() {
        Translated translated = translated("""
                {"eventName": "IDENTITY_VERIFICATION_START_STEP",
                 "metadata": {"linkSessionId": "", "viewName": "",
                   "metadataJson": "{\\"link_session_id\\": \\"idv_8Wq3Nn5pTzKvLm\\", \\"view_name\\": \\"VERIFY_SMS\\"}"}}""");
        assertHints(translated, expect(ATTEMPT_2, step(StandardStep.PHONE, StepStatus.ACTIVE)));
    }

    @Test
    void nativeExitErrorsAreRead() {
        Translated reactNative = translated("""
                {"error": {"errorCode": "INVALID_LINK_TOKEN", "errorType": "INVALID_INPUT", "errorMessage": "x",
                           "displayMessage": "", "errorJson": ""},
                 "metadata": {"status": "", "linkSessionId": "idv_2Zn8Xc4VbQ6wEr", "requestId": "r"}}""");
        assertHints(reactNative, expect("idv_2Zn8Xc4VbQ6wEr", new ClientFailed("INVALID_LINK_TOKEN", true), EXITED));
        Translated android = translated("""
                {"error": {"errorCode": {"json": "INVALID_LINK_TOKEN", "errorType": {"json": "INVALID_INPUT"}},
                           "errorMessage": "x"},
                 "metadata": {"linkSessionId": "idv_2Zn8Xc4VbQ6wEr"}}""");
        assertHints(android, expect("idv_2Zn8Xc4VbQ6wEr", new ClientFailed("INVALID_LINK_TOKEN", true), EXITED));
        Translated ios = translated("""
                {"error": {"errorCode": "invalidLinkToken",
                           "errorJSON": "{\\"error_code\\": \\"INVALID_LINK_TOKEN\\", \\"error_type\\": \\"INVALID_INPUT\\"}"},
                 "metadata": {"linkSessionID": "idv_2Zn8Xc4VbQ6wEr"}}""");
        assertHints(ios, expect("idv_2Zn8Xc4VbQ6wEr", new ClientFailed("INVALID_LINK_TOKEN", true), EXITED));
    }

    @Test
    void aRecoverableErrorEventIsANonBlockingFailure() {
        Translated translated = translated("""
                {"eventName": "ERROR", "metadata": {"error_type": "API_ERROR", "error_code": "INTERNAL_SERVER_ERROR",
                 "error_message": "an unexpected error occurred", "link_session_id": "idv_8Wq3Nn5pTzKvLm"}}""");
        assertHints(translated, expect(ATTEMPT_2, new ClientFailed("INTERNAL_SERVER_ERROR", false)));
        assertThat(translated.minimised().json()).doesNotContain("unexpected error");
    }

    @Test
    void aStepEventWithoutAViewNameIsInformational() {
        assertHints(translated("""
                {"eventName": "IDENTITY_VERIFICATION_START_STEP", "metadata": {"view_name": null,
                 "link_session_id": "idv_8Wq3Nn5pTzKvLm"}}"""), expect(ATTEMPT_2, new Informational()));
    }

    @Test
    void aFutureStepViewNameIsKeptAsAnotherStep() {
        Translated translated = translated("""
                {"eventName": "IDENTITY_VERIFICATION_PASS_STEP", "metadata": {"view_name": "LIVENESS_CHECK",
                 "link_session_id": "idv_8Wq3Nn5pTzKvLm"}}""");
        assertThat(translated.hints().getFirst().content())
                .isEqualTo(new StepReported(new io.veriflow.domain.model.OtherStep("liveness_check"), StepStatus.PASSED));
    }

    @Test
    void hostileNamesNeverBreakTheSignalName() {
        Translated translated = translated("""
                {"eventName": "weird name\\n\\u0000 with spaces and ünïcode and a very long tail %s",
                 "metadata": {"link_session_id": "idv with space"}}""".formatted("x".repeat(300)));
        ClientHint hint = translated.hints().getFirst();
        assertThat(hint.content()).isEqualTo(new Informational());
        assertThat(hint.claimedRef()).isEmpty();
        assertThat(hint.meta().name().value()).startsWith("plaid.onEvent.").hasSizeLessThanOrEqualTo(128);
    }

    @Test
    void anUnknownRedirectHostIsInformational() {
        Translated translated = translated(redirectBody("plaidlink://handoff?link_session_id=idv_8Wq3Nn5pTzKvLm"));
        assertHints(translated, expect(ATTEMPT_2, new Informational()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1, 2]",
        "{\"hello\": \"world\"}",
        "{\"events\": []}",
        "{\"events\": [{\"metadata\": {}}]}",
        "{\"events\": [42]}",
        "{\"eventName\": \"\", \"metadata\": {}}",
        "{\"redirect\": \"https://example.com/?public_token=x\"}",
        "{\"redirect\": 42}",
    })
    void bodiesThatAreNoLinkCallbackAreUnreadable(String body) {
        Translation translation = callbacks.translate(body, RECEIVED);
        assertThat(translation).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) translation).problem()).doesNotContain("public_token=x");
    }

    @Test
    void theProviderIsPlaid() {
        assertThat(callbacks.provider()).isEqualTo(PlaidProvider.ID);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private Translated translated(String body) {
        Translation translation = callbacks.translate(body, RECEIVED);
        assertThat(translation).as("translation of %s", body).isInstanceOf(Translated.class);
        return (Translated) translation;
    }

    private static String redirectBody(String uri) {
        return JsonText.write(JsonText.object().put("redirect", uri).build());
    }

    private static void assertHints(Translated translated, Expected expected) {
        assertThat(translated.hints()).extracting(ClientHint::content).containsExactlyElementsOf(expected.contents());
        Optional<ProviderRef> claimed = expected.claimed().map(ProviderRef::new);
        assertThat(translated.hints()).allSatisfy(hint -> {
            assertThat(hint.claimedRef()).isEqualTo(claimed);
            assertThat(hint.meta().receivedAt()).isEqualTo(RECEIVED);
            assertThat(hint.meta().dedupeKey().value()).startsWith("plaid:cb:");
        });
    }

    private static void assertMinimised(Translated translated) {
        String payload = translated.minimised().json();
        assertThat(Fixtures.parse(payload).isObject()).isTrue();
        assertThat(payload).doesNotContain("public_token").doesNotContain("publicToken")
                .doesNotContain("public-sandbox").doesNotContain("link-sandbox").doesNotContain("error_message")
                .doesNotContain("display_message").doesNotContain("metadataJson").doesNotContain("institution_name");
    }
}
