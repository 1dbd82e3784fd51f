package io.veriflow.app.notify;

import static io.veriflow.app.notify.Eventually.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.veriflow.app.notify.signing.WebhookSecret;
import io.veriflow.app.notify.store.EndpointId;
import io.veriflow.app.notify.store.NewEndpoint;
import io.veriflow.app.notify.store.WebhookEndpoints;
import io.veriflow.app.notify.worker.DeliveryWorker;
import io.veriflow.domain.model.TenantId;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two service instances (two application contexts on one database, as two processes would be) share the deliveries
 * through their leases: every notification reaches the receiver exactly once, and both instances deliver some. The
 * receiver holds the first request until a second one is in flight at the same time; with one delivery per claim,
 * that second request can only come from the other instance.
 */
class TwoWorkersDeliverEachNotificationOnceIT {

    private static final int SESSIONS = 30;

    @Test
    void twoInstancesShareTheDeliveriesAndNoneIsSentTwice() throws SQLException {
        CountDownLatch twoInFlight = new CountDownLatch(2);
        try (Receiver receiver = Receiver.start();
             ApplicationContext first = ApplicationContext.run(instance("instance-a"))) {
            Map<String, Object> second = new HashMap<>(instance("instance-b"));
            second.putAll(sameDatabaseAs(first));
            try (ApplicationContext other = ApplicationContext.run(second)) {
                TenantId tenant = new TenantId("two-workers");
                WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
                first.getBean(WebhookEndpoints.class).register(new NewEndpoint(tenant, EndpointId.random(),
                        receiver.url(), Optional.empty(), Set.of(), first.getBean(Clock.class).instant()), secret);
                receiver.verifyingWith(secret.asSecret().reveal()).answering((id, attempt, request) -> {
                    twoInFlight.countDown();
                    try {
                        twoInFlight.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 204;
                });

                NotifySessions sessions = new NotifySessions(first);
                for (int i = 0; i < SESSIONS; i++) {
                    sessions.start(tenant);
                }

                Rows rows = new Rows(first);
                waitUntil("all delivered", Duration.ofSeconds(30), () -> rows.count(
                        "SELECT count(*) FROM delivery WHERE tenant_id = ? AND state = 'delivered'",
                        tenant.value()) == SESSIONS);

                assertThat(receiver.received()).hasSize(SESSIONS)
                        .allSatisfy(request -> assertThat(request.verified()).isTrue());
                assertThat(receiver.received().stream().map(Receiver.Received::webhookId).distinct()).hasSize(SESSIONS);
                assertThat(rows.count("SELECT count(*) FROM delivery WHERE tenant_id = ? AND attempts <> 1",
                        tenant.value())).isZero();
                Map<Object, Long> byOwner = rows.select(
                                "SELECT lease_owner, count(*) AS n FROM delivery WHERE tenant_id = ? "
                                        + "GROUP BY lease_owner",
                                tenant.value()).stream()
                        .collect(Collectors.toMap(row -> row.get("lease_owner"), row -> (Long) row.get("n")));
                assertThat(byOwner).containsOnlyKeys("instance-a", "instance-b");
                assertThat(byOwner.values()).allSatisfy(n -> assertThat(n).isPositive());
                assertThat(first.getBean(DeliveryWorker.class).delivered()).isEqualTo(byOwner.get("instance-a"));
                assertThat(other.getBean(DeliveryWorker.class).delivered()).isEqualTo(byOwner.get("instance-b"));
            }
        }
    }

    /** One sealing key for both instances, as a deployment shares it; otherwise neither reads the other's secrets. */
    private static final String SECRETS_KEY = java.util.Base64.getEncoder().encodeToString(randomBytes(32));

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static Map<String, Object> instance(String id) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("veriflow.secrets.key", SECRETS_KEY);
        properties.put("veriflow.notifications.allow-private-endpoints", "true");
        properties.put("veriflow.notifications.allow-http-endpoints", "true");
        properties.put("veriflow.notifications.delivery.instance-id", id);
        properties.put("veriflow.notifications.delivery.poll-interval", "10ms");
        properties.put("veriflow.notifications.delivery.batch-size", "1");
        return properties;
    }

    /** The first context's database, for the second: with a URL configured, nothing embedded is started. */
    private static Map<String, Object> sameDatabaseAs(ApplicationContext context) throws SQLException {
        try (Connection connection = new Rows(context).dataSource().getConnection()) {
            DatabaseMetaData database = connection.getMetaData();
            return Map.of(
                    "datasources.default.url", database.getURL(),
                    "datasources.default.username", database.getUserName(),
                    "datasources.default.password", "");
        }
    }
}
