package io.veriflow.app.e2e.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.veriflow.app.e2e.persona.FakePersona.ScriptedInquiry;
import io.veriflow.app.e2e.persona.PersonaFixtures.Inquiry;
import io.veriflow.app.e2e.persona.ServiceClient.Reply;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.FindSessions;
import io.veriflow.domain.port.out.SignalLog;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What every Persona end-to-end test class shares: a fake Persona API started before the application context and
 * configured as the adapter's base URL (an API key is set, so the adapter is live, not the sandbox), the webhook secret
 * of {@code signatures.md}, the task worker on with short intervals, and drivers for the HTTP API, signed webhook
 * deliveries and the database. One application context (and database) per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersonaEndToEnd implements TestPropertyProvider {

    static final Duration CONVERGENCE = Duration.ofSeconds(15);

    FakePersona persona;

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    @Inject
    FindSessions findSessions;

    @Inject
    Clock clock;

    ServiceClient service;
    Rows rows;
    private final Map<String, String> apiKeys = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> getProperties() {
        persona = FakePersona.start();
        Map<String, String> properties = new HashMap<>();
        properties.put("veriflow.persona.api-key", "persona_production_e2e_not_a_real_key");
        properties.put("veriflow.persona.base-url", persona.baseUrl());
        properties.put("veriflow.persona.webhook-secrets", PersonaFixtures.SECRET);
        properties.put("veriflow.work.enabled", "true");
        properties.put("veriflow.work.poll-interval", "50ms");
        properties.put("veriflow.work.retry-initial", "100ms");
        properties.put("veriflow.work.retry-max", "1s");
        properties.put("veriflow.providers.persona.resilience.retry.initial-backoff", "20ms");
        properties.put("veriflow.providers.persona.resilience.retry.max-backoff", "200ms");
        properties.put("veriflow.providers.persona.resilience.circuit-breaker.wait-in-open-state", "500ms");
        properties.putAll(moreProperties());
        return properties;
    }

    /** Properties a test class adds or overrides. */
    Map<String, String> moreProperties() {
        return Map.of();
    }

    @BeforeEach
    void drivers() {
        if (service == null) {
            service = new ServiceClient(server.getURI(), json);
            rows = new Rows(context.getBean(DataSourceResolver.class).resolve(context.getBean(DataSource.class)));
        }
    }

    @AfterAll
    void stopFakePersona() {
        if (persona != null) {
            persona.close();
        }
    }

    /** One story's run: its tenant and key, the session, its client secret and the scripted inquiry. */
    record Run(String tenant, String apiKey, String sessionId, String clientSecret, ScriptedInquiry inquiry,
            Reply started) {

        String path() {
            return "/v1/sessions/" + sessionId;
        }

        Inquiry ref() {
            return inquiry.inquiry();
        }
    }

    /** The API key of {@code tenant}, which is created on first use. */
    String apiKey(String tenant) {
        return apiKeys.computeIfAbsent(tenant,
                id -> tenants.create(new TenantId(id), "Tenant " + id, Optional.empty()).key().reveal());
    }

    /** Scripts {@code inquiry} at the fake Persona (if not yet) and starts its session over the API for {@code tenant}. */
    Run start(String tenant, Inquiry inquiry) {
        String apiKey = apiKey(tenant);
        ScriptedInquiry scripted = persona.script(inquiry);
        Reply started = service.startPersona(apiKey, inquiry.subject());
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        assertThat(started.at("launch", "parameters", "inquiryId")).as(started.toString()).isEqualTo(inquiry.id());
        return new Run(tenant, apiKey, (String) started.at("session", "id"), (String) started.at("client_secret"),
                scripted, started);
    }

    /** Forwards a client callback fixture, as the front end would, with the session's client secret. */
    Reply callback(Run run, String fixture) {
        Reply reply = service.post(run.clientSecret(), run.path() + "/callbacks",
                PersonaFixtures.callback(fixture, run.ref()));
        assertThat(reply.status()).as(fixture + ": " + reply).isEqualTo(202);
        return reply;
    }

    /** Delivers a webhook fixture about the run's inquiry, signed now with the current secret. */
    Reply webhook(Run run, String fixture) {
        return deliver(PersonaFixtures.about(fixture, run.ref()).getBytes(StandardCharsets.UTF_8));
    }

    /** Delivers these bytes signed now with the given secrets (the current one by default). */
    Reply deliver(byte[] body, String... secrets) {
        String[] signing = secrets.length == 0 ? new String[] {PersonaFixtures.SECRET} : secrets;
        return service.webhook(body, Optional.of(PersonaSigner.header(clock.instant().getEpochSecond(), body,
                signing)));
    }

    Reply session(Run run) {
        Reply reply = service.get(run.apiKey(), run.path());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    List<Map<String, Object>> timeline(Run run) {
        Reply reply = service.get(run.apiKey(), run.path() + "/timeline");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array();
    }

    /** The session's signal log as stored (with dedupe keys and payloads), read through the FindSessions port. */
    List<SignalLog.Entry> signalLog(Run run) {
        return findSessions.timeline(new TenantId(run.tenant()), SessionId.parse(run.sessionId())).orElseThrow();
    }

    /** Waits until the session has no unfinished reconcile task, then returns it as the API shows it. */
    Reply settled(Run run) {
        Eventually.await("reconcile tasks of " + run.tenant() + " done", CONVERGENCE,
                () -> rows.unfinishedTasks(run.tenant(), run.sessionId()), count -> count == 0);
        return session(run);
    }

    /** Waits until the session's state (and verdict, when given) is as expected. */
    Reply awaitState(Run run, String state, String verdict) {
        return Eventually.await(run.tenant() + " " + state + "/" + verdict, CONVERGENCE, () -> session(run),
                reply -> state.equals(reply.at("state"))
                        && (verdict == null || verdict.equals(reply.at("decision", "verdict"))));
    }
}
