package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.model.OtherStep;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonaSnapshotsTest {

    private static final Instant FETCHED = Instant.parse("2026-03-14T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "get-inquiry.created.json,      inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw, usr_1001, NOT_STARTED,  created,      2026-03-10T14:00:25Z",
        "get-inquiry.pending.json,      inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw, usr_1001, IN_PROGRESS,  pending,      2026-03-10T14:01:42Z",
        "get-inquiry.completed.json,    inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw, usr_1001, SUBMITTED,    completed,    2026-03-10T14:04:49Z",
        "get-inquiry.approved.json,     inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw, usr_1001, PASSED,       approved,     2026-03-10T14:05:11Z",
        "get-inquiry.expired.json,      inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu, usr_1002, EXPIRED,      expired,      2026-03-12T16:15:00Z",
        "get-inquiry.failed.json,       inq_ttj5qNGHvvVpoK8X3vnxFoczJ1zA, usr_1003, FAILED,       failed,       2026-03-12T11:06:40Z",
        "get-inquiry.needs_review.json, inq_165Nj1UWpkdhkPmS2xVfby7r9G8h, usr_1004, NEEDS_REVIEW, needs_review, 2026-03-13T08:41:44Z",
        "get-inquiry.declined.json,     inq_165Nj1UWpkdhkPmS2xVfby7r9G8h, usr_1004, FAILED,       declined,     2026-03-13T13:13:09Z",
        "post-resume.pending.json,      inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu, usr_1002, IN_PROGRESS,  pending,      2026-03-12T16:40:10Z",
    })
    void everyApiFixtureReadsAsASnapshot(String file, String ref, String subject, SnapshotStatus status,
            String providerStatus, Instant updatedAt) {
        Snapshot snapshot = read(Fixtures.tree("api/" + file));

        assertThat(snapshot.ref()).isEqualTo(new ProviderRef(ref));
        assertThat(snapshot.subject()).contains(new SubjectRef(subject));
        assertThat(snapshot.status()).isEqualTo(status);
        assertThat(snapshot.providerStatus()).isEqualTo(providerStatus);
        assertThat(snapshot.asOf()).isEqualTo(updatedAt);
        assertThat(snapshot.previousRef()).isEmpty();
        assertThat(snapshot.reasons()).isEmpty();
    }

    @Test
    void stepsComeFromTheIncludedVerifications() {
        assertThat(read(Fixtures.tree("api/get-inquiry.created.json")).steps()).isEmpty();
        assertThat(read(Fixtures.tree("api/get-inquiry.pending.json")).steps())
                .containsExactly(new Step(StandardStep.DOCUMENT, StepStatus.ACTIVE));
        assertThat(read(Fixtures.tree("api/get-inquiry.approved.json")).steps()).containsExactly(
                new Step(StandardStep.DOCUMENT, StepStatus.PASSED), new Step(StandardStep.SELFIE, StepStatus.PASSED));
        assertThat(read(Fixtures.tree("api/get-inquiry.expired.json")).steps())
                .containsExactly(new Step(StandardStep.DOCUMENT, StepStatus.PASSED));
    }

    @Test
    void threeFailedAttemptsOfOneStepAreOneFailedStep() {
        assertThat(read(Fixtures.tree("api/get-inquiry.failed.json")).steps())
                .containsExactly(new Step(StandardStep.DOCUMENT, StepStatus.FAILED));
    }

    @Test
    void theLatestAttemptOfAStepWins() {
        JsonNode inquiry = json("""
                {"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"pending",
                  "updated-at":"2026-03-10T14:01:42.000Z"},
                  "relationships":{"verifications":{"data":[
                    {"type":"verification/government-id","id":"ver_new"},
                    {"type":"verification/government-id","id":"ver_old"}]}}},
                 "included":[
                  {"type":"verification/government-id","id":"ver_old","attributes":{"status":"failed",
                    "created-at":"2026-03-10T14:01:00.000Z"}},
                  {"type":"verification/government-id","id":"ver_new","attributes":{"status":"passed",
                    "created-at":"2026-03-10T14:01:30.000Z"}}]}""");

        assertThat(read(inquiry).steps()).containsExactly(new Step(StandardStep.DOCUMENT, StepStatus.PASSED));
    }

    @Test
    void verificationTypesAndStatusesMapToNeutralSteps() {
        JsonNode inquiry = json("""
                {"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"pending",
                  "updated-at":"2026-03-10T14:01:42.000Z"},
                  "relationships":{
                   "verifications":{"data":[
                    {"type":"verification/database","id":"ver_1"},
                    {"type":"verification/phone-number","id":"ver_2"},
                    {"type":"verification/email-address","id":"ver_3"},
                    {"type":"verification/selfie","id":"ver_4"},
                    {"type":"verification/government-id-nfc","id":"ver_5"},
                    {"type":"verification/brand-new-kind","id":"ver_6"},
                    {"type":"verification/not-included","id":"ver_7"}]},
                   "reports":{"data":[{"type":"report/watchlist","id":"rep_1"},
                    {"type":"report/address-lookup","id":"rep_2"}]}}},
                 "included":[
                  {"type":"verification/database","id":"ver_1","attributes":{"status":"requires_retry"}},
                  {"type":"verification/phone-number","id":"ver_2","attributes":{"status":"confirmed"}},
                  {"type":"verification/email-address","id":"ver_3","attributes":{"status":"submitted"}},
                  {"type":"verification/selfie","id":"ver_4","attributes":{"status":"canceled"}},
                  {"type":"verification/government-id-nfc","id":"ver_5","attributes":{"status":"initiated"}},
                  {"type":"verification/brand-new-kind","id":"ver_6","attributes":{"status":"frobnicated"}},
                  {"type":"report/watchlist","id":"rep_1","attributes":{"status":"ready","has-match":true}},
                  {"type":"report/address-lookup","id":"rep_2","attributes":{"status":"ready"}}]}""");

        assertThat(read(inquiry).steps()).containsExactly(
                new Step(StandardStep.DATA_CHECK, StepStatus.ACTIVE),
                new Step(StandardStep.PHONE, StepStatus.PASSED),
                new Step(new OtherStep("email-address"), StepStatus.ACTIVE),
                new Step(StandardStep.SELFIE, StepStatus.PENDING),
                new Step(StandardStep.DOCUMENT, StepStatus.ACTIVE),
                new Step(new OtherStep("brand-new-kind"), StepStatus.ACTIVE),
                new Step(StandardStep.WATCHLIST, StepStatus.IN_REVIEW));
    }

    @Test
    void anUnknownStatusIsAnExplicitUnknown() {
        Snapshot snapshot = read(json("""
                {"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"frozen",
                  "updated-at":"2026-03-10T14:01:42.000Z"}}}"""));

        assertThat(snapshot.status()).isEqualTo(SnapshotStatus.UNKNOWN);
        assertThat(snapshot.providerStatus()).isEqualTo("frozen");
    }

    @Test
    void withoutUpdatedAtTheLatestTimestampDatesTheSnapshotThenTheFallback() {
        JsonNode dated = json("""
                {"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"completed",
                  "created-at":"2026-03-10T14:00:05.000Z","completed-at":"2026-03-10T14:04:48.000Z",
                  "failed-at":null}}}""");
        JsonNode undated = json("{\"data\":{\"type\":\"inquiry\",\"id\":\"inq_1\",\"attributes\":{\"status\":\"created\"}}}");

        assertThat(read(dated).asOf()).isEqualTo(Instant.parse("2026-03-10T14:04:48Z"));
        assertThat(read(undated).asOf()).isEqualTo(FETCHED);
        assertThat(PersonaSnapshots.read(undated.get("data"), List.of(), Optional.empty()))
                .isInstanceOf(PersonaSnapshots.Broken.class);
    }

    @Test
    void whatIsNotAnInquiryIsBroken() {
        assertThat(PersonaSnapshots.read(json("{\"type\":\"account\",\"id\":\"act_1\",\"attributes\":{}}"),
                List.of(), Optional.of(FETCHED))).isEqualTo(new PersonaSnapshots.Broken("data.type is not inquiry"));
        assertThat(PersonaSnapshots.read(json("{\"type\":\"inquiry\",\"attributes\":{\"status\":\"created\"}}"),
                List.of(), Optional.of(FETCHED))).isInstanceOf(PersonaSnapshots.Broken.class);
        assertThat(PersonaSnapshots.read(json("{\"type\":\"inquiry\",\"id\":\"inq_1\",\"attributes\":{}}"),
                List.of(), Optional.of(FETCHED)))
                .isEqualTo(new PersonaSnapshots.Broken("data.attributes.status is missing"));
        assertThat(PersonaSnapshots.read(null, List.of(), Optional.of(FETCHED)))
                .isInstanceOf(PersonaSnapshots.Broken.class);
    }

    @Test
    void aReferenceIdThatIsNoSubjectReferenceIsLeftOut() {
        Snapshot snapshot = read(json("""
                {"data":{"type":"inquiry","id":"inq_1","attributes":{"status":"created","reference-id":"has space",
                  "updated-at":"2026-03-10T14:01:42.000Z"}}}"""));

        assertThat(snapshot.subject()).isEmpty();
    }

    private static Snapshot read(JsonNode document) {
        PersonaSnapshots.Reading reading = PersonaSnapshots.read(document.get("data"),
                PersonaJson.member(document, "included").map(PersonaJson::elements).orElse(List.of()),
                Optional.of(FETCHED));
        assertThat(reading).isInstanceOf(PersonaSnapshots.Read.class);
        return ((PersonaSnapshots.Read) reading).snapshot();
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.parse(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
