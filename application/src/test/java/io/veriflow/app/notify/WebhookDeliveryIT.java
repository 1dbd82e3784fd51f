package io.veriflow.app.notify;

import static io.veriflow.app.notify.Eventually.waitUntil;
import static io.veriflow.app.notify.NotifySessions.Then.abandoned;
import static io.veriflow.app.notify.NotifySessions.Then.inProgress;
import static io.veriflow.app.notify.NotifySessions.Then.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.notify.Receiver.Received;
import io.veriflow.app.notify.signing.StandardWebhookVerifier;
import io.veriflow.app.notify.signing.Verification;
import io.veriflow.app.notify.signing.WebhookSecret;
import io.veriflow.app.notify.store.EndpointId;
import io.veriflow.app.notify.store.NewEndpoint;
import io.veriflow.app.notify.store.WebhookEndpoints;
import io.veriflow.app.notify.worker.DeliveryWorker;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.StartVerification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session events become signed webhooks at a local receiver that verifies them as a product team would: delivered
 * with the thin body, retried with the same {@code webhook-id} until accepted, in sequence order per session, the
 * endpoint auto-disabled after sustained failure and caught up once enabled, replayable, and never sent to an address
 * the rules refuse. Real HTTP both ways, embedded PostgreSQL; tiny retry delays and disable thresholds.
 */
@MicronautTest(transactional = false)
@Property(name = "veriflow.notifications.allow-private-endpoints", value = "true")
@Property(name = "veriflow.notifications.allow-http-endpoints", value = "true")
@Property(name = "veriflow.notifications.retry-delays", value = "50ms")
@Property(name = "veriflow.notifications.retry-jitter", value = "0")
@Property(name = "veriflow.notifications.disable-after-failures", value = "3")
@Property(name = "veriflow.notifications.disable-after-failing-for", value = "150ms")
@Property(name = "veriflow.notifications.delivery.poll-interval", value = "20ms")
@Property(name = DecidingProvider.ENABLED, value = "true")
@Property(name = "veriflow.providers.notifytest.resilience.retry.max-attempts", value = "1")
class WebhookDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    ApplicationContext context;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    @Inject
    StartVerification startVerification;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    DeliveryWorker worker;

    @Inject
    Clock clock;

    EndpointsApi api;
    NotifySessions sessions;
    Rows rows;
    Receiver receiver;

    @BeforeEach
    void setUp() {
        api = new EndpointsApi(client, json, tenants);
        sessions = new NotifySessions(context);
        rows = new Rows(context);
        receiver = Receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aStartedSessionsEventsArriveSignedThinAndInSequence() {
        TenantId tenant = api.aTenant();
        register(tenant);

        var started = (StartVerification.Started) startVerification.start(new StartVerification.Command(tenant,
                DecidingProvider.ID, new SubjectRef("user-77"), new TemplateRef("tmpl_passed"),
                new IdempotencyKey(UUID.randomUUID().toString())));
        SessionId session = started.session().id();
        long queued = rows.count("SELECT count(*) FROM outbox WHERE tenant_id = ? AND session_id = ?",
                tenant.value(), session.value());
        assertThat(queued).as("notifications of a started and decided session").isGreaterThanOrEqualTo(2);

        waitUntil("all notifications accepted", WAIT, () -> receiver.accepted().size() == queued);
        waitUntilDelivered(tenant, queued);

        List<Received> arrived = byArrival(receiver.received());
        assertThat(arrived).hasSize((int) queued).allSatisfy(request -> {
            assertThat(request.verified()).as("signature of %s", request.webhookId()).isTrue();
            assertThat(request.contentType()).startsWith("application/json");
            assertThat(request.signature()).startsWith("v1,");
        });
        List<Map<String, Object>> bodies = arrived.stream().map(this::body).toList();
        assertThat(bodies).extracting(body -> ((Number) body.get("sequence")).longValue())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, queued).boxed().toList());
        assertThat(arrived).extracting(Received::webhookId)
                .containsExactlyElementsOf(bodies.stream().map(body -> (String) body.get("id")).toList());

        Map<String, Object> first = bodies.getFirst();
        assertThat(first.get("type")).isEqualTo("session.started");
        assertThat(data(first)).containsEntry("session_id", session.toString())
                .containsEntry("tenant_id", tenant.value())
                .containsEntry("provider", "notifytest")
                .containsEntry("subject_ref", "user-77")
                .containsEntry("state", "created");
        Map<String, Object> last = bodies.stream().filter(body -> "session.decided".equals(body.get("type")))
                .findFirst().orElseThrow(() -> new AssertionError("no session.decided among " + bodies));
        assertThat(data(last)).containsEntry("state", "decided").doesNotContainKey("subject_ref");
        assertThat(data(last).get("decision")).isEqualTo(Map.of("verdict", "passed", "reasons", List.of()));
        // thin: nothing but ids, states and codes; the body is sent exactly as rendered (keys in documented order)
        assertThat(arrived).allSatisfy(request -> {
            assertThat(request.body()).startsWith("{\"id\":\"" + request.webhookId() + "\",\"type\":");
            assertThat(request.body()).doesNotContain("nt-token").doesNotContain("receiver-query-secret");
        });

        assertThat(rows.select("SELECT state, attempts, last_status FROM delivery WHERE tenant_id = ?",
                tenant.value())).hasSize((int) queued).allSatisfy(row -> assertThat(row)
                        .containsEntry("state", "delivered").containsEntry("attempts", 1)
                        .containsEntry("last_status", 200));
    }

    @Test
    void aFailingReceiverGetsTheSameWebhookIdUntilItAcceptsOnTheThirdAttempt() {
        TenantId tenant = api.aTenant();
        register(tenant);
        receiver.answering((id, attempt, request) -> attempt <= 2 ? 500 : 200);

        SessionId session = sessions.start(tenant);

        waitUntil("accepted", WAIT, () -> receiver.accepted().size() == 1);
        waitUntilDelivered(tenant, 1);
        String webhookId = receiver.accepted().getFirst().webhookId();
        assertThat(receiver.received()).hasSize(3).allSatisfy(request -> {
            assertThat(request.webhookId()).isEqualTo(webhookId);
            assertThat(request.verified()).isTrue();
        });
        assertThat(byArrival(receiver.received())).extracting(Received::answered).containsExactly(500, 500, 200);
        assertThat(webhookId).isEqualTo(outboxIds(tenant, session).getFirst().toString());
        assertThat(rows.select("SELECT state, attempts, last_status, last_error, delivered_at FROM delivery "
                + "WHERE tenant_id = ?", tenant.value())).singleElement().satisfies(row -> {
                    assertThat(row).containsEntry("state", "delivered").containsEntry("attempts", 3)
                            .containsEntry("last_status", 200);
                    assertThat(row.get("last_error")).isNull();
                    assertThat(row.get("delivered_at")).isNotNull();
                });
        assertThat(endpointRow(tenant)).containsEntry("enabled", true).containsEntry("consecutive_failures", 0);
    }

    @Test
    void laterNotificationsWaitWhileAnEarlierOneOfTheSessionIsBeingRetried() {
        TenantId tenant = api.aTenant();
        register(tenant);
        receiver.answering((id, attempt, request) -> request.body().contains("\"sequence\":1,") && attempt == 1
                ? 503 : 200);

        SessionId session = sessions.start(tenant, inProgress(), submitted());

        waitUntil("three accepted", WAIT, () -> receiver.accepted().size() == 3);
        List<Long> arrivals = byArrival(receiver.received()).stream().map(this::sequence).toList();
        assertThat(arrivals).containsExactly(1L, 1L, 2L, 3L);
        assertThat(byArrival(receiver.received())).extracting(Received::answered).containsExactly(503, 200, 200, 200);
        assertThat(byArrival(receiver.accepted())).extracting(Received::webhookId)
                .containsExactlyElementsOf(outboxIds(tenant, session).stream().map(UUID::toString).toList());
    }

    @Test
    void sessionsDoNotWaitForEachOther() {
        TenantId tenant = api.aTenant();
        register(tenant);
        SessionId stuck = sessions.start(tenant);
        String stuckId = outboxIds(tenant, stuck).getFirst().toString();
        receiver.answering((id, attempt, request) -> id.equals(stuckId) && attempt <= 2 ? 500 : 200);

        SessionId other = sessions.start(tenant, inProgress());

        waitUntil("the other session's notifications accepted", WAIT, () -> receiver.accepted().stream()
                .filter(request -> !request.webhookId().equals(stuckId)).count() == 2);
        waitUntil("the stuck one accepted at last", WAIT, () -> !receiver.withId(stuckId).isEmpty()
                && receiver.withId(stuckId).getLast().accepted());
        assertThat(receiver.accepted()).hasSize(3);
        assertThat(outboxIds(tenant, other)).hasSize(2);
    }

    @Test
    void anEndpointFailingForLongEnoughIsDisabledAndCatchesUpInOrderWhenEnabledAgain() {
        TenantId tenant = api.aTenant();
        String endpoint = register(tenant);
        receiver.answering((id, attempt, request) -> 500);

        SessionId session = sessions.start(tenant, inProgress());

        waitUntil("endpoint disabled", WAIT, () -> Boolean.FALSE.equals(endpointRow(tenant).get("enabled")));
        var view = api.get(tenant, EndpointsApi.BASE + "/" + endpoint);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.object()).containsEntry("enabled", false);
        assertThat(view.field("disabled_reason")).startsWith("disabled after ");
        assertThat(((Number) view.object().get("consecutive_failures")).intValue()).isGreaterThanOrEqualTo(3);
        assertThat(view.field("failing_since")).isNotNull();
        assertThat(receiver.received()).allSatisfy(request -> assertThat(sequence(request)).isEqualTo(1L));
        assertThat(rows.select("SELECT state FROM delivery WHERE tenant_id = ?", tenant.value()))
                .extracting(row -> row.get("state")).containsOnly("pending");

        receiver.answering((id, attempt, request) -> 200);
        var enabled = api.post(tenant, EndpointsApi.BASE + "/" + endpoint + "/enable", Map.of());
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(enabled.object()).containsEntry("enabled", true).containsEntry("consecutive_failures", 0);
        assertThat(enabled.object().get("disabled_reason")).isNull();

        waitUntil("both accepted", WAIT, () -> receiver.accepted().size() == 2);
        waitUntilDelivered(tenant, 2);
        assertThat(byArrival(receiver.accepted())).extracting(Received::webhookId)
                .containsExactlyElementsOf(outboxIds(tenant, session).stream().map(UUID::toString).toList());
        assertThat(endpointRow(tenant)).containsEntry("enabled", true).containsEntry("consecutive_failures", 0);
    }

    @Test
    void aReplaySendsTheSameNotificationsAgainWithTheirWebhookIds() {
        TenantId tenant = api.aTenant();
        String endpoint = register(tenant);
        SessionId session = sessions.start(tenant, inProgress(), abandoned());
        SessionId untouched = sessions.start(tenant);
        waitUntil("first round accepted", WAIT, () -> receiver.accepted().size() == 4);
        waitUntilDelivered(tenant, 4);
        List<String> firstRound = byArrival(receiver.accepted()).stream().map(Received::webhookId)
                .filter(id -> outboxIds(tenant, session).stream().map(UUID::toString).toList().contains(id))
                .toList();

        var replay = api.post(tenant, EndpointsApi.BASE + "/" + endpoint + "/replay",
                Map.of("session_id", session.toString()));

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.object()).containsEntry("queued", 3);
        waitUntil("replay accepted", WAIT, () -> receiver.accepted().size() == 7);
        List<Received> secondRound = byArrival(receiver.accepted()).subList(4, 7);
        assertThat(secondRound).extracting(Received::webhookId).containsExactlyElementsOf(firstRound);
        assertThat(secondRound).allSatisfy(request -> assertThat(request.verified()).isTrue());
        assertThat(secondRound).extracting(this::sequence).containsExactly(1L, 2L, 3L);
        assertThat(receiver.received()).filteredOn(request -> outboxIds(tenant, untouched).getFirst().toString()
                .equals(request.webhookId())).hasSize(1);
    }

    @Test
    void aReplaySinceATimeTakesEverySessionFromThen() {
        TenantId tenant = api.aTenant();
        String endpoint = register(tenant);
        sessions.start(tenant);
        sessions.start(tenant, inProgress());
        waitUntil("first round accepted", WAIT, () -> receiver.accepted().size() == 3);
        waitUntilDelivered(tenant, 3);

        var replay = api.post(tenant, EndpointsApi.BASE + "/" + endpoint + "/replay",
                Map.of("since", clock.instant().minus(Duration.ofHours(1)).toString()));

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.object()).containsEntry("queued", 3);
        waitUntil("replay accepted", WAIT, () -> receiver.accepted().size() == 6);
        assertThat(receiver.accepted().stream().map(Received::webhookId).distinct()).hasSize(3);
    }

    @Test
    void anEndpointWhoseAddressIsNoLongerAllowedIsNotSentToAndTheRefusalIsRecorded() {
        TenantId tenant = api.aTenant();
        // stored behind the API's back, as if it had resolved to a public address at registration
        EndpointId id = EndpointId.random();
        endpoints.register(new NewEndpoint(tenant, id, "http://169.254.169.254/latest/meta-data", Optional.empty(),
                Set.of(), clock.instant()), WebhookSecret.generate(new SecureRandom()));

        sessions.start(tenant);

        waitUntil("an attempt refused", WAIT, () -> rows.select(
                "SELECT last_error FROM delivery WHERE tenant_id = ? AND attempts >= 1 AND last_error IS NOT NULL",
                tenant.value()).size() == 1);
        assertThat(rows.select("SELECT state, last_error, last_status FROM delivery WHERE tenant_id = ?",
                tenant.value())).singleElement().satisfies(row -> {
                    assertThat(row).containsEntry("state", "pending");
                    assertThat(row.get("last_error")).isEqualTo("refused: FORBIDDEN_ADDRESS");
                    assertThat(row.get("last_status")).isNull();
                });
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aRotatedSecretSignsAlongsideTheReplacedOneDuringTheGracePeriod() {
        TenantId tenant = api.aTenant();
        String endpoint = register(tenant);
        String original = currentSecret;
        var rotated = api.post(tenant, EndpointsApi.BASE + "/" + endpoint + "/rotate-secret", Map.of());
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String fresh = rotated.field("secret");
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(original);
        assertThat(rotated.field("previous_secret_valid_until")).isNotNull();

        sessions.start(tenant);

        // the receiver still verifies with the original secret ...
        waitUntil("accepted with the original secret", WAIT, () -> receiver.accepted().size() == 1);
        Received request = receiver.accepted().getFirst();
        assertThat(request.signature().split(" ")).hasSize(2);
        // ... and the same request verifies with the new one too
        assertThat(new StandardWebhookVerifier(Clock.systemUTC()).verify(WebhookSecret.parse(fresh),
                request.webhookId(), request.timestamp(), request.signature(),
                request.body().getBytes(StandardCharsets.UTF_8))).isInstanceOf(Verification.Verified.class);
    }

    private String currentSecret;

    /** Registers the receiver for the tenant through the API and verifies with the secret it was shown. */
    private String register(TenantId tenant) {
        var reply = api.registered(tenant, receiver.url());
        currentSecret = reply.field("secret");
        receiver.verifyingWith(currentSecret);
        return reply.field("id");
    }

    /** The receiver answers before the worker records the answer: wait for the record too. */
    private void waitUntilDelivered(TenantId tenant, long deliveries) {
        waitUntil(deliveries + " deliveries recorded", WAIT, () -> rows.count(
                "SELECT count(*) FROM delivery WHERE tenant_id = ? AND state = 'delivered'", tenant.value())
                == deliveries);
    }

    private List<UUID> outboxIds(TenantId tenant, SessionId session) {
        return rows.select("SELECT id FROM outbox WHERE tenant_id = ? AND session_id = ? ORDER BY sequence",
                tenant.value(), session.value()).stream().map(row -> (UUID) row.get("id")).toList();
    }

    private Map<String, Object> endpointRow(TenantId tenant) {
        return rows.select("SELECT * FROM webhook_endpoint WHERE tenant_id = ?", tenant.value()).getFirst();
    }

    private static List<Received> byArrival(List<Received> requests) {
        return requests.stream().sorted(Comparator.comparingInt(Received::index)).toList();
    }

    private long sequence(Received request) {
        return ((Number) body(request).get("sequence")).longValue();
    }

    private Map<String, Object> body(Received request) {
        try {
            return json.readValue(request.body(), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> body) {
        return (Map<String, Object>) body.get("data");
    }
}
