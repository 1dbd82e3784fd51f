package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Translated;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Translation;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Unreadable;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PersonaClientCallbacksTest {

    private static final Instant RECEIVED = Instant.parse("2026-03-11T09:18:04Z");
    private static final String INQ_A = "inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw";
    private static final String INQ_B = "inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu";
    private static final String INQ_C = "inq_ttj5qNGHvvVpoK8X3vnxFoczJ1zA";
    private static final String CANCEL_TOKEN = Fixtures.tree("scenarios.json").get("scenarios")
            .get("B_cancel_expire_resume").get("cancelSessionToken").getStringValue();

    /** What each forwarded callback fixture must become: the hint content, the claimed inquiry, the signal name. */
    private record Expected(HintContent content, Optional<String> claimedRef, String signal) {
    }

    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            Map.entry("client/A-01-onReady.json", expect(new HintContent.FlowOpened(), null, "persona.onReady")),
            Map.entry("client/A-02-onEvent-start.json",
                    expect(new HintContent.FlowOpened(), INQ_A, "persona.onEvent.start")),
            Map.entry("client/A-03-onEvent-page-change.json", expect(
                    new HintContent.StepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE), null,
                    "persona.onEvent.page-change")),
            Map.entry("client/A-04-onEvent-document-camera-select.json", expect(
                    new HintContent.StepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE), null,
                    "persona.onEvent.document-camera-select")),
            Map.entry("client/A-05-onEvent-document-camera-capture.json", expect(
                    new HintContent.StepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE), null,
                    "persona.onEvent.document-camera-capture")),
            Map.entry("client/A-06-onEvent-documents-save-successful.json", expect(
                    new HintContent.StepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE), null,
                    "persona.onEvent.documents-save-successful")),
            Map.entry("client/A-07-onEvent-selfie-camera-capture.json", expect(
                    new HintContent.StepReported(StandardStep.SELFIE, StepStatus.ACTIVE), null,
                    "persona.onEvent.selfie-camera-capture")),
            Map.entry("client/A-08-onEvent-complete.json", expect(
                    new HintContent.FlowFinished(Optional.of("completed")), INQ_A, "persona.onEvent.complete")),
            Map.entry("client/A-09-onComplete.json", expect(
                    new HintContent.FlowFinished(Optional.of("completed")), INQ_A, "persona.onComplete")),
            Map.entry("client/B-01-onEvent-start.json",
                    expect(new HintContent.FlowOpened(), INQ_B, "persona.onEvent.start")),
            Map.entry("client/B-02-onEvent-exit.json", expect(
                    new HintContent.FlowExited(Optional.of(new ClientToken(CANCEL_TOKEN))), INQ_B,
                    "persona.onEvent.exit")),
            Map.entry("client/B-03-onCancel.json", expect(
                    new HintContent.FlowExited(Optional.of(new ClientToken(CANCEL_TOKEN))), INQ_B,
                    "persona.onCancel")),
            Map.entry("client/B-04-onError-unauthenticated.json", expect(
                    new HintContent.ClientFailed("unauthenticated", true), null, "persona.onError")),
            Map.entry("client/C-01-onEvent-load-camera-failed.json", expect(
                    new HintContent.Informational(), null, "persona.onEvent.load-camera-failed")),
            Map.entry("client/C-02-onComplete-failed.json", expect(
                    new HintContent.FlowFinished(Optional.of("failed")), INQ_C, "persona.onComplete")),
            Map.entry("client/X-01-onCancel-before-inquiry-created.json", expect(
                    new HintContent.FlowExited(Optional.empty()), null, "persona.onCancel")),
            Map.entry("client/X-02-onError-camera_error.json", expect(
                    new HintContent.ClientFailed("camera_error", false), null, "persona.onError")),
            Map.entry("client/X-03-onError-invalid_config.json", expect(
                    new HintContent.ClientFailed("invalid_config", true), null, "persona.onError")),
            Map.entry("client/X-04-onError-inactive_template.json", expect(
                    new HintContent.ClientFailed("inactive_template", true), null, "persona.onError")),
            Map.entry("client/X-05-onEvent-one-time-link-sent.json", expect(
                    new HintContent.Informational(), null, "persona.onEvent.one-time-link-sent")),
            Map.entry("client/mobile/android-InquiryResponse.Cancel.json", expect(
                    new HintContent.FlowExited(Optional.of(new ClientToken(CANCEL_TOKEN))), INQ_B,
                    "persona.onCancel")),
            Map.entry("client/mobile/android-InquiryResponse.Error.json", expect(
                    new HintContent.ClientFailed("unclassified", true), null, "persona.onError")),
            Map.entry("client/mobile/ios-inquiryComplete.json", expect(
                    new HintContent.FlowFinished(Optional.of("completed")), INQ_A, "persona.onComplete")));

    private final PersonaClientCallbacks translator = new PersonaClientCallbacks(Fixtures.JSON);

    private static Expected expect(HintContent content, String claimedRef, String signal) {
        return new Expected(content, Optional.ofNullable(claimedRef), signal);
    }

    static Stream<Arguments> everyClientFixture() {
        List<String> files = new ArrayList<>(Fixtures.files("client", ".json"));
        files.addAll(Fixtures.files("client/mobile", ".json"));
        return files.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyClientFixture")
    void everyForwardedCallbackBecomesTheExpectedHint(String file) {
        assertThat(EXPECTED).as("an expectation for every fixture, including new ones").containsKey(file);
        Expected expected = EXPECTED.get(file);

        ClientHint hint = onlyHint(translator.translate(Fixtures.text(file), RECEIVED));

        assertThat(hint.content()).isEqualTo(expected.content());
        assertThat(hint.claimedRef()).isEqualTo(expected.claimedRef().map(ProviderRef::new));
        assertThat(hint.meta().name().value()).isEqualTo(expected.signal());
        assertThat(hint.meta().receivedAt()).isEqualTo(RECEIVED);
        assertThat(hint.meta().occurredAt()).as("clients carry no trustworthy time").isEmpty();
        assertThat(hint.meta().dedupeKey().value()).startsWith("persona.client.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyClientFixture")
    void theLoggedPayloadHasNoTokenAndNoPersonalData(String file) throws IOException {
        Translated translated = (Translated) translator.translate(Fixtures.text(file), RECEIVED);
        String kept = translated.minimised().json();

        assertThat(kept).doesNotContain("sessionToken", "fields", "eyJ", "Alexander", "1977-08-31",
                "600 California", "I1234562");
        JsonNode tree = Fixtures.JSON.parse(kept);
        JsonNode original = Fixtures.tree(file);
        assertThat(PersonaJson.text(tree, "callback")).isEqualTo(PersonaJson.text(original, "callback"));
        assertThat(PersonaJson.text(tree, "inquiryId")).isEqualTo(PersonaJson.text(original, "inquiryId"));
        assertThat(PersonaJson.text(tree, "name")).isEqualTo(PersonaJson.text(original, "name"));
    }

    @Test
    void theSameCallbackForwardedTwiceHasOneDedupeKeyWhateverItsLayout() {
        String pretty = Fixtures.text("client/B-03-onCancel.json");
        String compact = PersonaJson.write(Fixtures.tree("client/B-03-onCancel.json"));
        String reordered = "{\"sessionToken\":\"" + CANCEL_TOKEN + "\",\"inquiryId\":\"" + INQ_B
                + "\",\"platform\":\"web\",\"callback\":\"onCancel\"}";

        assertThat(Stream.of(pretty, compact, reordered)
                .map(body -> onlyHint(translator.translate(body, RECEIVED)).meta().dedupeKey())
                .distinct()).hasSize(1);
        assertThat(onlyHint(translator.translate(Fixtures.text("client/B-02-onEvent-exit.json"), RECEIVED))
                .meta().dedupeKey())
                .as("onEvent('exit') and onCancel are two callbacks")
                .isNotEqualTo(onlyHint(translator.translate(pretty, RECEIVED)).meta().dedupeKey());
    }

    @Test
    void onLoadIsOnlyInformational() {
        assertThat(onlyHint(translator.translate("{\"callback\":\"onLoad\",\"platform\":\"web\"}", RECEIVED))
                .content()).isEqualTo(new HintContent.Informational());
    }

    @Test
    void unknownCallbacksAndEventsAreInformationalAndTheirUnknownDataIsDropped() {
        ClientHint callback = onlyHint(translator.translate(
                "{\"callback\":\"onSomethingNew\",\"platform\":\"web\",\"email\":\"a@b.c\"}", RECEIVED));
        Translated event = (Translated) translator.translate("{\"callback\":\"onEvent\",\"platform\":\"web\","
                + "\"name\":\"form-update\",\"metadata\":{\"value\":\"Alexander\"}}", RECEIVED);

        assertThat(callback.content()).isEqualTo(new HintContent.Informational());
        assertThat(callback.meta().name().value()).isEqualTo("persona.onSomethingNew");
        assertThat(onlyHint(event).content()).isEqualTo(new HintContent.Informational());
        assertThat(onlyHint(event).meta().name().value()).isEqualTo("persona.onEvent.form-update");
        assertThat(event.minimised().json()).doesNotContain("Alexander", "metadata");
    }

    @Test
    void pagesThatAreNotVerificationsReportNoStep() {
        ClientHint hint = onlyHint(translator.translate("{\"callback\":\"onEvent\",\"name\":\"page-change\","
                + "\"metadata\":{\"name\":\"start\",\"path\":\"start\"}}", RECEIVED));
        ClientHint selfie = onlyHint(translator.translate("{\"callback\":\"onEvent\",\"name\":\"page-change\","
                + "\"metadata\":{\"name\":\"verification_selfie\"}}", RECEIVED));

        assertThat(hint.content()).isEqualTo(new HintContent.Informational());
        assertThat(selfie.content()).isEqualTo(new HintContent.StepReported(StandardStep.SELFIE, StepStatus.ACTIVE));
    }

    @Test
    void anErrorWithAnOddCodeIsStillAFailure() {
        ClientHint hint = onlyHint(translator.translate(
                "{\"callback\":\"onError\",\"status\":500,\"code\":\"Some Weird<Code>\"}", RECEIVED));

        assertThat(hint.content()).isEqualTo(new HintContent.ClientFailed("unknown", true));
    }

    @Test
    void bodiesThatAreNoCallbackAreUnreadableWithAPointer() {
        assertThat(translator.translate("not json", RECEIVED)).isEqualTo(new Unreadable("", "the body is not JSON"));
        assertThat(translator.translate("[1,2]", RECEIVED)).isInstanceOf(Unreadable.class);
        assertThat(translator.translate("{\"platform\":\"web\"}", RECEIVED))
                .isEqualTo(new Unreadable("/callback", "must be the callback's name as a string"));
        assertThat(translator.translate("{\"callback\":\"onEvent\"}", RECEIVED))
                .isEqualTo(new Unreadable("/name", "must be the event's name as a string"));
        assertThat(translator.translate("{\"callback\":\"onCancel\",\"inquiryId\":42}", RECEIVED))
                .isEqualTo(new Unreadable("/inquiryId", "must be a string"));
        assertThat(translator.translate("{\"callback\":\"onCancel\",\"sessionToken\":{\"x\":1}}", RECEIVED))
                .isEqualTo(new Unreadable("/sessionToken", "must be a string"));
        assertThat(translator.translate(
                "{\"callback\":\"onEvent\",\"name\":\"start\",\"metadata\":{\"inquiryId\":\"inq 1\"}}", RECEIVED))
                .isEqualTo(new Unreadable("/metadata/inquiryId", "is not an inquiry id"));
        assertThat(translator.translate("{\"callback\":\"onEvent\",\"name\":\"x\",\"metadata\":[]}", RECEIVED))
                .isEqualTo(new Unreadable("/metadata", "must be an object"));
    }

    @Test
    void unreadableProblemsNeverEchoTheValue() {
        Translation translation = translator.translate(
                "{\"callback\":\"onCancel\",\"inquiryId\":\"secret value with spaces\"}", RECEIVED);

        assertThat(translation).isInstanceOf(Unreadable.class);
        assertThat(translation.toString()).doesNotContain("secret value");
    }

    private static ClientHint onlyHint(Translation translation) {
        assertThat(translation).isInstanceOf(Translated.class);
        List<ClientHint> hints = ((Translated) translation).hints();
        assertThat(hints).hasSize(1);
        return hints.getFirst();
    }
}
