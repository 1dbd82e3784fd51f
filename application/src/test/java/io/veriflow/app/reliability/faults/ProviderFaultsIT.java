package io.veriflow.app.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.veriflow.app.reliability.faults.FakePersonaApi.Fault;
import io.veriflow.app.reliability.faults.FakePersonaApi.Phase;
import io.veriflow.app.reliability.faults.Http.Reply;
import io.veriflow.app.security.Tenants;
import io.veriflow.app.work.StuckTasks;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The Persona API answering {@code 500}, then {@code 429 Retry-After}, then too slowly for the time limiter, for a few
 * seconds, while thirty sessions wait for a reconcile (a thin webhook each): the provider's circuit breaker opens and,
 * once the API answers again, closes; every reconcile task ends done, none is stuck, and every session converges on the
 * state Persona shows. The task worker and the breaker run with short intervals.
 *
 * <p>Each phase lasts {@code veriflow.faults.phase} (an ISO-8601 duration; 2 s by default, in the normal test run).
 * The reliability command ({@code -Preliability}, README) runs it with one-minute phases: three minutes of outage, the
 * breaker opening and half-opening again and again, tasks rescheduled dozens of times, and still every session
 * converges once the API answers and no task is lost or left stuck.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderFaultsIT implements TestPropertyProvider {

    private static final int SESSIONS = 30;
    private static final Duration PHASE = Duration.parse(System.getProperty("veriflow.faults.phase", "PT2S"));
    /** From the start of the outage: its three phases, then time to converge. */
    private static final Duration CONVERGENCE = PHASE.multipliedBy(3).plusSeconds(30);
    private static final Duration TIME_LIMIT = Duration.ofMillis(300);
    private static final String BREAKER_LOGGER = "io.veriflow.app.provider.GuardedAttempt";

    /** What Persona finally shows, and the state and verdict the session must end in. */
    private record Outcome(String fixture, String state, String verdict) {
    }

    private static final List<Outcome> OUTCOMES = List.of(
            new Outcome("get-inquiry.approved.json", "decided", "passed"),
            new Outcome("get-inquiry.declined.json", "decided", "failed"),
            new Outcome("get-inquiry.needs_review.json", "decided", "needs_review"),
            new Outcome("get-inquiry.completed.json", "submitted", null),
            new Outcome("get-inquiry.failed.json", "decided", "failed"));

    FakePersonaApi persona;

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    @Inject
    StuckTasks stuckTasks;

    @Inject
    Clock clock;

    @Override
    public Map<String, String> getProperties() {
        persona = FakePersonaApi.start(TIME_LIMIT.multipliedBy(4), 1);
        return Map.ofEntries(
                Map.entry("veriflow.persona.api-key", PersonaWire.API_KEY),
                Map.entry("veriflow.persona.base-url", persona.baseUrl()),
                Map.entry("veriflow.persona.webhook-secrets", PersonaWire.WEBHOOK_SECRET),
                Map.entry("veriflow.work.enabled", "true"),
                Map.entry("veriflow.work.poll-interval", "50ms"),
                Map.entry("veriflow.work.retry-initial", "100ms"),
                Map.entry("veriflow.work.retry-max", "1s"),
                Map.entry("veriflow.providers.persona.resilience.retry.max-attempts", "2"),
                Map.entry("veriflow.providers.persona.resilience.retry.initial-backoff", "20ms"),
                Map.entry("veriflow.providers.persona.resilience.retry.max-backoff", "200ms"),
                Map.entry("veriflow.providers.persona.resilience.circuit-breaker.sliding-window-size", "10"),
                Map.entry("veriflow.providers.persona.resilience.circuit-breaker.minimum-number-of-calls", "5"),
                Map.entry("veriflow.providers.persona.resilience.circuit-breaker.failure-rate-threshold", "50"),
                Map.entry("veriflow.providers.persona.resilience.circuit-breaker.wait-in-open-state", "500ms"),
                Map.entry("veriflow.providers.persona.resilience.circuit-breaker.permitted-calls-in-half-open", "2"),
                Map.entry("veriflow.providers.persona.resilience.time-limiter.timeout", TIME_LIMIT.toMillis() + "ms"),
                Map.entry("veriflow.providers.persona.resilience.rate-limiter.limit-for-period", "100000"));
    }

    @AfterAll
    void stopPersona() {
        if (persona != null) {
            persona.close();
        }
    }

    @Test
    void sessionsWaitingForAReconcileOutlastAnOutageAndConvergeWhileTheBreakerOpensAndCloses() {
        Http http = new Http(server.getURI(), json);
        Db db = new Db(context);
        String tenant = "provider-faults";
        String apiKey = tenants.create(new TenantId(tenant), "Provider faults", Optional.empty()).key().reveal();
        List<String[]> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String subject = "usr_faults_" + i;
            Reply started = http.post(apiKey, "/v1/sessions", "{\"provider\":\"persona\",\"template\":\""
                    + PersonaWire.TEMPLATE + "\",\"subject\":\"" + subject + "\"}",
                    Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            String inquiry = (String) started.at("launch", "parameters", "inquiryId");
            persona.shows(inquiry, OUTCOMES.get(i % OUTCOMES.size()).fixture());
            sessions.add(new String[] {(String) started.at("session", "id"), inquiry});
        }

        Logger breakerLog = (Logger) LoggerFactory.getLogger(BREAKER_LOGGER);
        ListAppender<ILoggingEvent> transitions = new ListAppender<>();
        transitions.start();
        breakerLog.addAppender(transitions);
        try {
            persona.outage(new Phase(Fault.SERVER_ERROR, PHASE), new Phase(Fault.RATE_LIMITED, PHASE),
                    new Phase(Fault.TOO_SLOW, PHASE));
            for (int i = 0; i < SESSIONS; i++) {
                String eventId = "evt_faults" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
                byte[] thin = PersonaWire.thinEvent(eventId, sessions.get(i)[1], clock.instant().toString())
                        .getBytes(StandardCharsets.UTF_8);
                Reply delivered = http.post("/webhooks/persona", thin, Map.of("Persona-Signature",
                        PersonaWire.signature(clock.instant().getEpochSecond(), thin)));
                assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
            }

            for (int i = 0; i < SESSIONS; i++) {
                Outcome expected = OUTCOMES.get(i % OUTCOMES.size());
                String path = "/v1/sessions/" + sessions.get(i)[0];
                Reply converged = Await.until(path + " " + expected, CONVERGENCE, () -> http.get(apiKey, path),
                        reply -> expected.state().equals(reply.at("state")) && (expected.verdict() == null
                                || expected.verdict().equals(reply.at("decision", "verdict"))));
                assertThat(converged.at("state")).isEqualTo(expected.state());
            }
            Await.until("every reconcile task done", CONVERGENCE, () -> db.count("SELECT count(*) FROM task "
                    + "WHERE tenant_id = ? AND kind = 'reconcile' AND state <> 'done'", tenant), left -> left == 0);
            Await.until("the breaker closed", CONVERGENCE, () -> messages(transitions),
                    seen -> !seen.isEmpty() && seen.getLast().endsWith("to CLOSED"));
        } finally {
            breakerLog.detachAppender(transitions);
        }

        Map<Fault, Integer> served = persona.served();
        assertThat(served).as("retrievals answered per fault").allSatisfy((fault, count) ->
                assertThat(count).as(fault.name()).isPositive());
        List<String> seen = messages(transitions);
        assertThat(seen).as("breaker transitions").anyMatch(line -> line.contains(" opened: calls fail fast"))
                .anyMatch(line -> line.endsWith("from OPEN to HALF_OPEN"))
                .anyMatch(line -> line.endsWith("from HALF_OPEN to CLOSED"));
        assertThat(persona.now()).isEqualTo(Fault.NONE);
        assertThat(db.count("SELECT count(*) FROM task WHERE tenant_id = ? AND kind = 'reconcile'", tenant))
                .as("a reconcile task per thin webhook at least").isGreaterThanOrEqualTo(SESSIONS);
        assertThat(db.count("SELECT coalesce(max(attempts), 0) FROM task WHERE tenant_id = ? AND kind = 'reconcile'",
                tenant)).as("tasks were rescheduled through the outage, not dropped").isGreaterThan(1);
        assertThat(stuckTasks.report().tasks()).as("no task stuck").isEmpty();
    }

    private static List<String> messages(ListAppender<ILoggingEvent> appender) {
        return List.copyOf(appender.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
