package io.veriflow.app.e2e.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.e2e.persona.FakePersona.Seen;
import io.veriflow.app.e2e.persona.PersonaFixtures.Inquiry;
import io.veriflow.app.e2e.persona.PersonaFixtures.Story;
import io.veriflow.app.e2e.persona.ServiceClient.Reply;
import io.veriflow.app.http.Problem;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.SecretVault;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * The four Persona stories of {@code scenarios.json} end to end: a session started over the API (the adapter creating
 * the inquiry at the fake Persona), the front end's callbacks forwarded with the session's client secret, Persona's
 * webhooks delivered signed to {@code /webhooks/persona}, and the task worker reconciling whatever asked for it.
 */
@MicronautTest(transactional = false)
class PersonaStoriesIT extends PersonaEndToEnd {

    private static final String API_KEY_SENT = "Bearer persona_production_e2e_not_a_real_key";

    @Inject
    SecretVault vault;

    @Test
    void storyA_isApprovedByPersonaEvenThoughTheClientOnlySaidCompleted() {
        Run a = start("story-a", Story.A.inquiry());

        Seen create = persona.seenFor(a.ref()).getFirst();
        assertThat(create.method() + " " + create.path()).isEqualTo("POST /api/v1/inquiries");
        assertThat(create.header("authorization")).contains(API_KEY_SENT);
        assertThat(create.header("persona-version")).contains("2023-01-05");
        assertThat(create.header("idempotency-key")).isPresent();
        assertThat(create.body()).contains("\"inquiry-template-id\":\"" + PersonaFixtures.TEMPLATE + "\"")
                .contains("\"auto-create-account-reference-id\":\"usr_1001\"");
        assertThat(a.started().at("session", "state")).isEqualTo("created");

        callback(a, "A-01-onReady.json");
        callback(a, "A-02-onEvent-start.json");
        a.inquiry().shows("api/get-inquiry.pending.json");
        assertThat(webhook(a, "webhooks/inquiry.created.json").status()).isEqualTo(200);
        assertThat(webhook(a, "webhooks/inquiry.started.json").status()).isEqualTo(200);
        for (String step : List.of("A-03-onEvent-page-change.json", "A-04-onEvent-document-camera-select.json",
                "A-05-onEvent-document-camera-capture.json", "A-06-onEvent-documents-save-successful.json",
                "A-07-onEvent-selfie-camera-capture.json")) {
            callback(a, step);
        }
        a.inquiry().shows("api/get-inquiry.completed.json");
        assertThat(webhook(a, "webhooks/inquiry.completed.json").status()).isEqualTo(200);
        a.inquiry().shows("api/get-inquiry.approved.json");
        assertThat(webhook(a, "webhooks/inquiry.approved.json").status()).isEqualTo(200);
        Reply retried = webhook(a, "webhooks/inquiry.completed.json");
        assertThat(retried.status()).as("Persona's retry of inquiry.completed (dlv_05)").isEqualTo(200);
        assertThat(retried.body()).contains("duplicate");
        callback(a, "A-08-onEvent-complete.json");
        callback(a, "A-09-onComplete.json");

        Reply done = settled(a);
        assertThat(done.at("state")).as(done.toString()).isEqualTo("decided");
        assertThat(done.at("decision", "verdict")).as(done.toString()).isEqualTo("passed");

        List<Map<String, Object>> timeline = timeline(a);
        for (Map<String, Object> entry : timeline) {
            assertThat(entry.get("authority")).as("authority of %s", entry).isEqualTo(authorityOf(entry));
        }
        assertThat(namesOf(timeline).stream().filter(name -> !name.equals("persona.api.fetch")).toList())
                .as("every signal once, in order of arrival")
                .containsExactly("persona.api.start", "persona.onReady", "persona.onEvent.start",
                        "persona.webhook.inquiry.created", "persona.webhook.inquiry.started",
                        "persona.onEvent.page-change", "persona.onEvent.document-camera-select",
                        "persona.onEvent.document-camera-capture", "persona.onEvent.documents-save-successful",
                        "persona.onEvent.selfie-camera-capture", "persona.webhook.inquiry.completed",
                        "persona.webhook.inquiry.approved", "persona.onEvent.complete", "persona.onComplete");
        assertThat(namesOf(timeline)).as("the client hints were reconciled").contains("persona.api.fetch");
        assertThat(entryNamed(timeline, "persona.webhook.inquiry.approved").get("events"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).contains("session_decided");
        assertThat(entryNamed(timeline, "persona.onComplete").get("authority")).isEqualTo("client_hint");
        assertThat(rows.storedTexts(a.tenant(), a.sessionId()))
                .as("completion fields (personal data) are not kept")
                .noneMatch(text -> text.contains("Alexander") || text.contains("I1234562")
                        || text.contains("600 California"));
    }

    @Test
    void storyB_cancelledThenExpiredThenResumed_withTheSessionTokenOnlyInTheVault() {
        String cancelToken = PersonaFixtures.scenarioToken("cancelSessionToken");
        Run b;
        Reply resumed;
        Reply resumedAgain;
        String freshToken;
        List<String> logLines;
        try (CapturedLogs logs = new CapturedLogs()) {
            b = start("story-b", Story.B.inquiry());
            b.inquiry().shows("api/get-inquiry.pending.json");
            callback(b, "B-01-onEvent-start.json");
            callback(b, "B-02-onEvent-exit.json");
            callback(b, "B-03-onCancel.json");

            Reply abandoned = settled(b);
            assertThat(abandoned.at("state")).as(abandoned.toString()).isEqualTo("abandoned");
            SecretVault.SecretRef tokenRef = SecretVault.SecretRef.resumeTokenOf(new TenantId(b.tenant()),
                    SessionId.parse(b.sessionId()));
            assertThat(vault.read(tokenRef)).as("the cancel's session token is kept in the vault")
                    .hasValueSatisfying(secret -> assertThat(secret.reveal()).contains(cancelToken));
            byte[] sealed = rows.sealedResumeToken(b.tenant(), b.sessionId());
            assertThat(sealed).as("a sealed row exists").isNotEmpty();
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).as("sealed, not plain")
                    .doesNotContain(cancelToken.substring(0, 24));

            b.inquiry().shows("api/get-inquiry.expired.json");
            assertThat(webhook(b, "webhooks/inquiry.expired.json").status()).isEqualTo(200);
            awaitState(b, "expired", null);
            callback(b, "B-04-onError-unauthenticated.json");
            assertThat(settled(b).at("state")).as("an expired inquiry stays expired whatever the client says")
                    .isEqualTo("expired");

            resumed = service.post(b.apiKey(), b.path() + "/resume", null);
            assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
            freshToken = b.inquiry().issuedTokens().getFirst();
            assertThat(resumed.at("launch", "token")).as("the fresh token from Persona's resume")
                    .isEqualTo(freshToken);
            assertThat(resumed.at("launch", "parameters", "inquiryId")).isEqualTo(b.ref().id());
            assertThat(resumed.at("launch", "expires_at")).isNotNull();
            assertThat(resumed.at("session", "state")).isEqualTo("in_progress");
            assertThat(persona.resumesOf(b.ref())).isEqualTo(1);

            resumedAgain = service.post(b.apiKey(), b.path() + "/resume", null);
            assertThat(resumedAgain.status()).as(resumedAgain.toString()).isEqualTo(200);
            assertThat(resumedAgain.at("launch", "token")).as("the cached token").isEqualTo(freshToken);
            assertThat(resumedAgain.at("launch", "parameters", "inquiryId")).isEqualTo(b.ref().id());
            assertThat(persona.resumesOf(b.ref())).as("no second resume at Persona").isEqualTo(1);

            Reply back = settled(b);
            assertThat(back.at("state")).as(back.toString()).isEqualTo("in_progress");
            assertThat(vault.read(tokenRef)).hasValueSatisfying(
                    secret -> assertThat(secret.reveal()).contains(freshToken).doesNotContain(cancelToken));
            logLines = logs.lines();
        }

        List<String> tokens = List.of(cancelToken, freshToken);
        String timeline = timeline(b).toString();
        for (String token : tokens) {
            assertThat(timeline).as("timeline").doesNotContain(token);
            assertThat(rows.storedTexts(b.tenant(), b.sessionId())).as("signal log, outbox and tasks")
                    .noneMatch(text -> text.contains(token));
            assertThat(logLines).as("logs").isNotEmpty().noneMatch(line -> line.contains(token));
        }
        List<Reply> shown = new ArrayList<>(service.replies());
        shown.remove(resumed);
        shown.remove(resumedAgain);
        assertThat(shown).as("API answers other than the resume launch").isNotEmpty()
                .noneMatch(reply -> reply.body().contains(cancelToken) || reply.body().contains(freshToken));
        assertThat(resumed.body() + resumedAgain.body()).doesNotContain(cancelToken);
    }

    @Test
    void storyC_failsWithTheFailedDocumentAsReason_andCannotBeResumed() {
        Run c = start("story-c", Story.C.inquiry());
        c.inquiry().shows("api/get-inquiry.pending.json");
        callback(c, "C-01-onEvent-load-camera-failed.json");
        c.inquiry().shows("api/get-inquiry.failed.json");
        assertThat(webhook(c, "webhooks/inquiry.failed.json").status()).isEqualTo(200);
        callback(c, "C-02-onComplete-failed.json");

        Reply failed = settled(c);
        assertThat(failed.at("state")).as(failed.toString()).isEqualTo("decided");
        assertThat(failed.at("decision", "verdict")).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.at("decision", "reasons")).as(failed.toString()).asInstanceOf(InstanceOfAssertFactories.LIST).contains("document_failed");

        Reply refused = service.post(c.apiKey(), c.path() + "/resume", null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
        assertThat(refused.at("type")).isEqualTo(Problem.TYPE_BASE + "session-not-resumable");
        assertThat(refused.at("reason")).isEqualTo("already_decided");
        assertThat(persona.resumesOf(c.ref())).isZero();
    }

    @Test
    void storyD_goesToReviewAndTheReviewerDeclines() {
        Run d = start("story-d", Story.D.inquiry());
        d.inquiry().shows("api/get-inquiry.needs_review.json");
        assertThat(webhook(d, "webhooks/inquiry.marked-for-review.json").status()).isEqualTo(200);
        awaitState(d, "decided", "needs_review");

        d.inquiry().shows("api/get-inquiry.declined.json");
        byte[] declined = PersonaFixtures.about("webhooks/inquiry.declined.json", d.ref())
                .getBytes(StandardCharsets.UTF_8);
        Reply rotated = deliver(declined, PersonaFixtures.SECRET, PersonaFixtures.OLD_SECRET);
        assertThat(rotated.status()).as("signed during a secret rotation (dlv_09): " + rotated).isEqualTo(200);

        Reply decided = settled(d);
        assertThat(decided.at("state")).isEqualTo("decided");
        assertThat(decided.at("decision", "verdict")).as(decided.toString()).isEqualTo("failed");
        List<Map<String, Object>> timeline = timeline(d);
        assertThat(entryNamed(timeline, "persona.webhook.inquiry.marked-for-review").get("events")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains("session_decided");
        assertThat(entryNamed(timeline, "persona.webhook.inquiry.declined").get("events")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains("decision_changed");
        assertThat(rows.outboxEvents(d.tenant(), d.sessionId())).as("the tenant is notified of both")
                .containsSubsequence("session.decided", "session.decision_changed");
    }

    @Test
    void unsignedOrTamperedWebhooksAreRefusedWith401AndChangeNothing() {
        Run run = start("webhook-auth", Inquiry.fresh("usr_auth"));
        byte[] approved = PersonaFixtures.about("webhooks/inquiry.approved.json", run.ref())
                .getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        String valid = PersonaSigner.header(now, approved, PersonaFixtures.SECRET);
        byte[] tampered = new String(approved, StandardCharsets.UTF_8)
                .replaceFirst("\"status\":\"approved\"", "\"status\":\"declined\"").getBytes(StandardCharsets.UTF_8);
        assertThat(tampered).isNotEqualTo(approved);

        Map<String, Reply> refused = new LinkedHashMap<>();
        refused.put("unsigned", service.webhook(approved, Optional.empty()));
        refused.put("tampered body", service.webhook(tampered, Optional.of(valid)));
        refused.put("wrong secret", service.webhook(approved,
                Optional.of(PersonaSigner.header(now, approved, "wbhsec_not-the-secret"))));
        refused.put("timestamp swapped", service.webhook(approved,
                Optional.of("t=" + (now + 60) + ",v1=" + PersonaSigner.v1(PersonaFixtures.SECRET, now, approved))));
        refused.put("missing v1", service.webhook(approved, Optional.of("t=" + now)));
        refused.put("stale", service.webhook(approved, Optional.of(PersonaSigner.header(
                now - Duration.ofHours(73).toSeconds(), approved, PersonaFixtures.SECRET))));
        refused.put("from the future", service.webhook(approved, Optional.of(PersonaSigner.header(
                now + Duration.ofMinutes(10).toSeconds(), approved, PersonaFixtures.SECRET))));

        refused.forEach((why, reply) -> {
            assertThat(reply.status()).as(why + ": " + reply).isEqualTo(401);
            assertThat(reply.header("Content-Type")).as(why).hasValueSatisfying(
                    type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
        });
        Reply untouched = session(run);
        assertThat(untouched.at("state")).as(untouched.toString()).isEqualTo("created");
        assertThat(untouched.at("decision")).isNull();
        assertThat(signalLog(run)).extracting(entry -> entry.meta().name().value())
                .as("nothing but the start").containsExactly("persona.api.start");

        Reply accepted = service.webhook(approved, Optional.of(valid));
        assertThat(accepted.status()).as("the same body, correctly signed: " + accepted).isEqualTo(200);
        assertThat(session(run).at("decision", "verdict")).isEqualTo("passed");
    }

    @Test
    void aWebhookForAnInquiryNoSessionOwnsAsksPersonaToRedeliver() {
        byte[] orphan = PersonaFixtures.about("webhooks/inquiry.approved.json", Inquiry.fresh("usr_nobody"))
                .getBytes(StandardCharsets.UTF_8);

        Reply reply = deliver(orphan);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).contains("5");
    }

    @Test
    void identicalCallbacksOfTwoSessionsOfOneTenantAreRecordedForEach() {
        Run first = start("callbacks-scope", Inquiry.fresh("usr_scope_1"));
        Run second = start("callbacks-scope", Inquiry.fresh("usr_scope_2"));
        String onReady = "{\"callback\":\"onReady\",\"platform\":\"web\"}";

        Reply toFirst = service.post(first.clientSecret(), first.path() + "/callbacks", onReady);
        Reply toSecond = service.post(second.clientSecret(), second.path() + "/callbacks", onReady);
        Reply repeated = service.post(first.clientSecret(), first.path() + "/callbacks", onReady);

        assertThat(toFirst.status()).as(toFirst.toString()).isEqualTo(202);
        assertThat(toFirst.object()).containsEntry("accepted", 1).containsEntry("duplicates", 0);
        assertThat(toSecond.status()).as(toSecond.toString()).isEqualTo(202);
        assertThat(toSecond.object()).as("another session's identical callback is not a duplicate")
                .containsEntry("accepted", 1).containsEntry("duplicates", 0);
        assertThat(repeated.object()).as("the same session's repeat is").containsEntry("accepted", 0)
                .containsEntry("duplicates", 1);
        for (Run run : List.of(first, second)) {
            assertThat(session(run).at("state")).as(run.tenant() + " " + run.sessionId()).isEqualTo("in_progress");
            assertThat(signalLog(run)).extracting(entry -> entry.meta().name().value())
                    .containsOnlyOnce("persona.onReady");
        }
    }

    private static String authorityOf(Map<String, Object> entry) {
        String name = (String) entry.get("name");
        if (name.startsWith("persona.webhook.")) {
            return "notification";
        }
        return name.startsWith("persona.api.") ? "authoritative" : "client_hint";
    }

    private static List<String> namesOf(List<Map<String, Object>> timeline) {
        return timeline.stream().map(entry -> (String) entry.get("name")).toList();
    }

    private static Map<String, Object> entryNamed(List<Map<String, Object>> timeline, String name) {
        List<Map<String, Object>> named = timeline.stream().filter(entry -> name.equals(entry.get("name"))).toList();
        assertThat(named).as("timeline entries named " + name + " in " + timeline).hasSize(1);
        return named.getFirst();
    }
}
