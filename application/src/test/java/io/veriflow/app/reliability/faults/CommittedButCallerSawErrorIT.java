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
import io.veriflow.app.reliability.faults.CommitFaults.Fault;
import io.veriflow.app.reliability.faults.CommitFaults.Outcome;
import io.veriflow.app.reliability.faults.HookReceiver.Hook;
import io.veriflow.app.reliability.faults.Http.Reply;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * "Committed, but the caller saw an error": the commit of the service's transaction reaches the database, and then the
 * connection fails, so the caller (Persona, the front end, the delivery worker) gets an error for work that was done
 * ({@link CommitFaults} on the real pool, checked to have fired). What the caller does next, redeliver or retry, must
 * neither apply the signal a second time nor lose a notification:
 *
 * <ul>
 *   <li>a signed Persona webhook whose signal-log insert erred at commit: a problem (5xx), then Persona's redelivery
 *       is acknowledged as a duplicate; one signal-log row, one state change, one notification;</li>
 *   <li>a client callback whose session save erred at commit: the same for the front end's retry;</li>
 *   <li>a reconcile whose session save erred at commit: the task worker runs the task again, which finds the
 *       snapshot already recorded;</li>
 *   <li>a delivered notification whose "delivered" mark erred at commit stays delivered; one whose mark was lost
 *       (rolled back, then the error) is sent again with the same {@code webhook-id} and body until marked.</li>
 * </ul>
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommittedButCallerSawErrorIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SIGNAL_LOG_INSERT = "insert\\s+into\\s+signal_log";
    private static final String SESSION_SAVE = "update\\s+verification_session";
    private static final String DELIVERED_MARK = "update\\s+delivery\\s+set\\s+state\\s*=\\s*'delivered'";
    private static final Pattern EVENT_ID = Pattern.compile("\"id\"\\s*:\\s*\"(evt_[A-Za-z0-9]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

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
    CommitFaults faults;

    @Inject
    Clock clock;

    Http http;
    Db db;

    @Override
    public Map<String, String> getProperties() {
        persona = FakePersonaApi.start(Duration.ofSeconds(1), 1);
        return Map.ofEntries(
                Map.entry(CommitFaults.ENABLED, "true"),
                Map.entry("veriflow.persona.api-key", PersonaWire.API_KEY),
                Map.entry("veriflow.persona.base-url", persona.baseUrl()),
                Map.entry("veriflow.persona.webhook-secrets", PersonaWire.WEBHOOK_SECRET),
                Map.entry("veriflow.notifications.allow-private-endpoints", "true"),
                Map.entry("veriflow.notifications.allow-http-endpoints", "true"),
                Map.entry("veriflow.notifications.retry-delays", "100ms"),
                Map.entry("veriflow.notifications.delivery.poll-interval", "50ms"),
                Map.entry("veriflow.notifications.delivery.lease", "1s"),
                Map.entry("veriflow.work.enabled", "true"),
                Map.entry("veriflow.work.poll-interval", "50ms"),
                Map.entry("veriflow.work.retry-initial", "100ms"),
                Map.entry("veriflow.work.retry-max", "500ms"),
                Map.entry("veriflow.work.failure-retry-initial", "100ms"),
                Map.entry("veriflow.work.failure-retry-max", "500ms"));
    }

    @BeforeEach
    void drivers() {
        if (http == null) {
            http = new Http(server.getURI(), json);
            db = new Db(context);
        }
        assertThat(faults.wrappedDataSources()).as("the pool is wrapped").isEqualTo(1);
    }

    @AfterEach
    void disarm() {
        faults.disarm();
    }

    @AfterAll
    void stopPersona() {
        if (persona != null) {
            persona.close();
        }
    }

    @Test
    void aWebhookWhoseSignalLogCommitErredIsAppliedOnceWhenPersonaRedeliversIt() {
        Started run = start("a");
        quiet();
        long version = version(run);
        byte[] webhook = PersonaWire.fixture("webhooks/inquiry.approved.json", run.inquiry(), run.subject())
                .getBytes(StandardCharsets.UTF_8);
        Fault fault = faults.arm(SIGNAL_LOG_INSERT, Outcome.COMMITTED_THEN_ERROR);

        Reply first;
        List<ILoggingEvent> logged;
        try (Captured errors = Captured.of("io.veriflow.app.http.ProblemErrorResponseProcessor")) {
            first = deliver(webhook);
            logged = errors.events();
        }

        assertThat(fault.fired()).as("the fault struck the webhook's transaction").isEqualTo(1);
        assertProblem(first);
        // A broken connection (SQLSTATE 08006) reads as the database being unreachable: 503 with Retry-After, and one
        // warning line naming the class and state only.
        assertThat(first.status()).as(first.toString()).isEqualTo(503);
        assertThat(first.header("Retry-After")).as(first.toString()).isPresent();
        assertThat(logged).as("the failure is logged once, by class and SQLSTATE, without its messages")
                .singleElement().satisfies(event -> {
                    assertThat(event.getFormattedMessage()).isEqualTo("Database unavailable on POST /webhooks/persona:"
                            + " answered 503 (java.sql.SQLException SQLSTATE 08006)").doesNotContain("injected");
                    assertThat(event.getThrowableProxy()).as("no stack: an outage would flood the log").isNull();
                });
        assertThat(signalRows(run, "persona.webhook.inquiry.approved")).as("yet it was committed").isEqualTo(1);

        Reply redelivered = deliver(webhook);

        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
        assertThat(redelivered.object()).containsEntry("status", "duplicate");
        assertThat(signalRows(run, "persona.webhook.inquiry.approved")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM signal_log WHERE tenant_id = ? AND dedupe_key = ?", run.tenant(),
                eventId(webhook))).as("one row for the event id").isEqualTo(1);
        assertThat(version(run)).as("the session changed once").isEqualTo(version + 1);
        assertThat(outbox(run, "session.decided")).as("one notification of the decision").isEqualTo(1);
        Reply session = http.get(run.apiKey(), run.path());
        assertThat(session.at("state")).as(session.toString()).isEqualTo("decided");
        assertThat(session.at("decision", "verdict")).isEqualTo("passed");
        List<Map<String, Object>> timeline = http.get(run.apiKey(), run.path() + "/timeline").array();
        assertThat(timeline).filteredOn(entry -> "persona.webhook.inquiry.approved".equals(entry.get("name")))
                .singleElement().satisfies(entry -> assertThat(entry.get("events").toString())
                        .contains("session_decided"));
    }

    @Test
    void aClientCallbackWhoseSessionSaveCommitErredIsAppliedOnceWhenTheFrontEndRetries() {
        Started run = start("b");
        quiet();
        long version = version(run);
        String callback = PersonaWire.fixture("client/A-09-onComplete.json", run.inquiry(), run.subject());
        Fault fault = faults.arm(SESSION_SAVE, Outcome.COMMITTED_THEN_ERROR);

        Reply first = http.post(run.clientSecret(), run.path() + "/callbacks", callback, Map.of());

        assertThat(fault.fired()).as("the fault struck the callback's transaction").isEqualTo(1);
        assertProblem(first);
        assertThat(version(run)).as("yet the session was saved").isEqualTo(version + 1);

        Reply retried = http.post(run.clientSecret(), run.path() + "/callbacks", callback, Map.of());

        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        assertThat(((Number) retried.at("duplicates")).intValue()).as(retried.toString()).isPositive();
        assertThat(((Number) retried.at("accepted")).intValue()).as(retried.toString()).isZero();
        assertThat(signalRows(run, "persona.onComplete")).isEqualTo(1);
        assertThat(version(run)).as("the session changed once").isEqualTo(version + 1);
        assertThat(outbox(run, "session.submitted")).as("one notification of the submission").isEqualTo(1);
        assertThat(http.get(run.apiKey(), run.path()).at("state")).isEqualTo("submitted");
    }

    @Test
    void aReconcileWhoseStateChangeErredAtCommitIsRetriedByTheWorkerAndAppliedOnce() {
        Started run = start("r");
        quiet();
        long version = version(run);
        persona.shows(run.inquiry(), "get-inquiry.approved.json");
        Fault fault = faults.arm(SESSION_SAVE, Outcome.COMMITTED_THEN_ERROR);
        byte[] thin = PersonaWire.thinEvent("evt_faultsReconcile" + run.inquiry().substring(4, 14), run.inquiry(),
                clock.instant().toString()).getBytes(StandardCharsets.UTF_8);

        Reply delivered = deliver(thin);

        assertThat(delivered.status()).as("a thin webhook leaves the state to a reconcile: %s", delivered)
                .isEqualTo(200);
        Await.until("the fault to strike the reconcile", WAIT, fault::fired, fired -> fired == 1);
        quiet();
        assertThat(db.count("SELECT max(attempts) FROM task WHERE tenant_id = ? AND session_id = ? "
                + "AND kind = 'reconcile'", run.tenant(), UUID.fromString(run.session())))
                .as("the worker saw the error and ran the task again").isGreaterThanOrEqualTo(2);
        assertThat(signalRows(run, "persona.api.fetch")).as("the second fetch found the snapshot recorded")
                .isEqualTo(1);
        assertThat(version(run)).as("the session changed once").isEqualTo(version + 1);
        assertThat(outbox(run, "session.decided")).isEqualTo(1);
        assertThat(http.get(run.apiKey(), run.path()).at("decision", "verdict")).isEqualTo("passed");
    }

    @Test
    void aNotificationWhoseDeliveredMarkCommittedButErredStaysDelivered() {
        try (HookReceiver receiver = HookReceiver.start()) {
            Fault fault = faults.arm(DELIVERED_MARK, Outcome.COMMITTED_THEN_ERROR);
            Started run = startWithEndpoint("c1", receiver);

            Hook hook = Await.until("the session.started notification", WAIT, receiver::received,
                    hooks -> !hooks.isEmpty()).getFirst();
            Await.until("the fault to strike", WAIT, fault::fired, fired -> fired == 1);
            Map<String, Object> delivery = Await.until("the delivery row", WAIT, () -> delivery(run, hook),
                    row -> "delivered".equals(row.get("state")));

            assertThat(hook.verified()).as("signed with the endpoint's secret").isTrue();
            assertThat(delivery).containsEntry("attempts", 1).containsEntry("last_status", 204);
            assertThat(receiver.withId(hook.webhookId())).as("delivered (at least once)").isNotEmpty()
                    .allSatisfy(again -> assertThat(again.body()).isEqualTo(hook.body()));
        }
    }

    @Test
    void aNotificationWhoseDeliveredMarkWasLostIsSentAgainWithTheSameIdAndBody() {
        try (HookReceiver receiver = HookReceiver.start()) {
            Fault fault = faults.arm(DELIVERED_MARK, Outcome.ROLLED_BACK_THEN_ERROR);
            Started run = startWithEndpoint("c2", receiver);

            Hook first = Await.until("the session.started notification", WAIT, receiver::received,
                    hooks -> !hooks.isEmpty()).getFirst();
            List<Hook> sent = Await.until("the same notification again", WAIT,
                    () -> receiver.withId(first.webhookId()), hooks -> hooks.size() >= 2);
            Map<String, Object> delivery = Await.until("the delivery marked at last", WAIT,
                    () -> delivery(run, first), row -> "delivered".equals(row.get("state")));

            assertThat(fault.fired()).isEqualTo(1);
            assertThat(sent).allSatisfy(hook -> {
                assertThat(hook.verified()).isTrue();
                assertThat(hook.body()).isEqualTo(first.body());
            });
            assertThat(first.body()).contains("\"type\":\"session.started\"");
            assertThat(delivery).containsEntry("attempts", 2).containsEntry("last_status", 204);
            assertThat(receiver.received()).as("nothing else was sent").extracting(Hook::webhookId)
                    .containsOnly(first.webhookId());
        }
    }

    /** A session of a new tenant, started over the API (the adapter creates the inquiry at the fake Persona). */
    private Started start(String label) {
        String tenant = "faults-" + label + "-" + HexFormat.of().formatHex(randomBytes(4));
        String apiKey = tenants.create(new TenantId(tenant), "Tenant " + tenant, Optional.empty()).key().reveal();
        String subject = "usr_" + tenant;
        Reply started = http.post(apiKey, "/v1/sessions", "{\"provider\":\"persona\",\"template\":\""
                + PersonaWire.TEMPLATE + "\",\"subject\":\"" + subject + "\"}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String inquiry = (String) started.at("launch", "parameters", "inquiryId");
        assertThat(inquiry).isEqualTo(persona.inquiryOf(subject));
        return new Started(tenant, apiKey, subject, (String) started.at("session", "id"),
                (String) started.at("client_secret"), inquiry);
    }

    private Started startWithEndpoint(String label, HookReceiver receiver) {
        String tenant = "faults-" + label + "-" + HexFormat.of().formatHex(randomBytes(4));
        String apiKey = tenants.create(new TenantId(tenant), "Tenant " + tenant, Optional.empty()).key().reveal();
        Reply endpoint = http.post(apiKey, "/v1/webhook-endpoints", "{\"url\":\"" + receiver.url() + "\"}",
                Map.of());
        assertThat(endpoint.status()).as("endpoint registration answered %s", endpoint.status()).isEqualTo(201);
        receiver.verifyWith((String) endpoint.at("secret"));
        String subject = "usr_" + tenant;
        Reply started = http.post(apiKey, "/v1/sessions", "{\"provider\":\"persona\",\"template\":\""
                + PersonaWire.TEMPLATE + "\",\"subject\":\"" + subject + "\"}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return new Started(tenant, apiKey, subject, (String) started.at("session", "id"),
                (String) started.at("client_secret"), (String) started.at("launch", "parameters", "inquiryId"));
    }

    /** Waits until no reconcile task is left, so that an armed fault strikes the transaction the test means. */
    private void quiet() {
        Await.until("no unfinished task", WAIT, () -> db.count("SELECT count(*) FROM task WHERE state <> 'done'"),
                left -> left == 0);
    }

    private Reply deliver(byte[] body) {
        return http.post("/webhooks/persona", body,
                Map.of("Persona-Signature", PersonaWire.signature(clock.instant().getEpochSecond(), body)));
    }

    /** What the caller of a faulted commit sees: a server error as problem+json, with nothing internal in it. */
    private static void assertProblem(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isBetween(500, 599);
        assertThat(reply.header("Content-Type")).as(reply.toString()).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.object()).as(reply.toString()).containsEntry("status", reply.status());
        assertThat(reply.body()).as("no internals in the answer")
                .doesNotContainIgnoringCase("exception").doesNotContain("injected").doesNotContain("SQL")
                .doesNotContain("at io.").doesNotContain("java.");
    }

    private long signalRows(Started run, String name) {
        return db.count("SELECT count(*) FROM signal_log WHERE tenant_id = ? AND session_id = ? AND name = ?",
                run.tenant(), UUID.fromString(run.session()), name);
    }

    private long outbox(Started run, String type) {
        return db.count("SELECT count(*) FROM outbox WHERE tenant_id = ? AND session_id = ? AND event_type = ?",
                run.tenant(), UUID.fromString(run.session()), type);
    }

    private long version(Started run) {
        return db.count("SELECT version FROM verification_session WHERE tenant_id = ? AND id = ?", run.tenant(),
                UUID.fromString(run.session()));
    }

    private Map<String, Object> delivery(Started run, Hook hook) {
        List<Map<String, Object>> rows = db.rows("SELECT state, attempts, last_status FROM delivery "
                + "WHERE tenant_id = ? AND outbox_id = ?", run.tenant(), UUID.fromString(hook.webhookId()));
        return rows.isEmpty() ? Map.of() : rows.getFirst();
    }

    private static String eventId(byte[] webhook) {
        Matcher id = EVENT_ID.matcher(new String(webhook, StandardCharsets.UTF_8));
        assertThat(id.find()).as("an event id in the webhook").isTrue();
        return id.group(1);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Everything one logger logs while open. */
    private record Captured(Logger logger, ListAppender<ILoggingEvent> appender) implements AutoCloseable {

        static Captured of(String name) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            ListAppender<ILoggingEvent> appender = new ListAppender<>();
            appender.start();
            logger.addAppender(appender);
            return new Captured(logger, appender);
        }

        List<ILoggingEvent> events() {
            return List.copyOf(appender.list);
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }

    /** A started session: its tenant, credentials and the inquiry behind it. */
    private record Started(String tenant, String apiKey, String subject, String session, String clientSecret,
            String inquiry) {

        String path() {
            return "/v1/sessions/" + session;
        }

        /** Ids only: no credential in a failure message. */
        @Override
        public String toString() {
            return tenant + "/" + session + "/" + inquiry;
        }
    }
}
