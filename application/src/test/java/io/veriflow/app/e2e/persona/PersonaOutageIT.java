package io.veriflow.app.e2e.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.e2e.persona.FakePersona.Failure;
import io.veriflow.app.e2e.persona.FakePersona.Seen;
import io.veriflow.app.e2e.persona.PersonaFixtures.Inquiry;
import io.veriflow.app.e2e.persona.ServiceClient.Reply;
import io.veriflow.app.work.TaskWorker;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Persona answering {@code 503} and {@code 429 Retry-After} for a while: the create is retried with its idempotency
 * key, and a thin webhook's reconcile is retried with backoff (in-process by the resilient provider, then rescheduled by
 * the task worker, never dropped) until the session converges on Persona's decision.
 */
@MicronautTest(transactional = false)
class PersonaOutageIT extends PersonaEndToEnd {

    private static final int RETRY_AFTER_SECONDS = 1;

    @Inject
    TaskWorker worker;

    @Test
    void aThinWebhooksReconcileOutlastsAnOutageAndConverges() {
        Inquiry inquiry = Inquiry.fresh("usr_outage");
        persona.script(inquiry).failsCreates(Failure.unavailable());
        Run run = start("outage", inquiry);
        List<Seen> creates = persona.seenFor(inquiry).stream().filter(seen -> seen.method().equals("POST")).toList();
        assertThat(creates).as("the create was retried after the 503").hasSize(2);
        assertThat(creates.get(1).header("idempotency-key")).as("with the same Idempotency-Key")
                .isEqualTo(creates.get(0).header("idempotency-key")).isPresent();

        run.inquiry().shows("api/get-inquiry.approved.json").failsRetrievals(
                Failure.unavailable(), Failure.unavailable(), Failure.rateLimited(RETRY_AFTER_SECONDS),
                Failure.unavailable(), Failure.unavailable(), Failure.unavailable());
        long rescheduledBefore = worker.rescheduled();
        Reply thin = deliver(thinEvent(run.ref()).getBytes(StandardCharsets.UTF_8));
        assertThat(thin.status()).as(thin.toString()).isEqualTo(200);

        Reply converged = awaitState(run, "decided", "passed");

        assertThat(converged.at("decision", "verdict")).isEqualTo("passed");
        List<Instant> gets = run.inquiry().retrievals();
        assertThat(gets).as("six failed retrievals, then the answer").hasSizeGreaterThanOrEqualTo(7);
        assertThat(Duration.between(gets.get(2), gets.get(3)))
                .as("Retry-After of the 429 honoured, retrievals at " + gets)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(RETRY_AFTER_SECONDS).minusMillis(50));
        assertThat(rows.mostTaskAttempts(run.tenant(), run.sessionId()))
                .as("the task was rescheduled by the worker, not dropped").isGreaterThanOrEqualTo(2);
        assertThat(worker.rescheduled() - rescheduledBefore).isPositive();
        List<Map<String, Object>> timeline = timeline(run);
        assertThat(timeline).extracting(entry -> entry.get("name") + "/" + entry.get("authority") + "/"
                        + entry.get("result"))
                .contains("persona.webhook.verification.passed/notification/ignored",
                        "persona.api.fetch/authoritative/changed");
    }

    /** A Persona event about a verification of the inquiry: it names the inquiry but does not embed it (thin). */
    private String thinEvent(Inquiry inquiry) {
        String now = clock.instant().toString();
        return "{\"data\":{\"type\":\"event\",\"id\":\"evt_thin" + inquiry.id().substring(4, 24) + "\","
                + "\"attributes\":{\"name\":\"verification.passed\",\"created-at\":\"" + now + "\","
                + "\"payload\":{\"data\":{\"type\":\"verification/government-id\",\"id\":\"ver_e2eOutage1\","
                + "\"attributes\":{\"status\":\"passed\",\"created-at\":\"" + now + "\"},"
                + "\"relationships\":{\"inquiry\":{\"data\":{\"type\":\"inquiry\",\"id\":\"" + inquiry.id()
                + "\"}}}}}}}}";
    }
}
