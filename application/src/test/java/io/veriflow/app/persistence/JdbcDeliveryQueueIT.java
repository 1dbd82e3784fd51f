package io.veriflow.app.persistence;

import static io.veriflow.app.persistence.Sessions.aFreshTenant;
import static io.veriflow.app.persistence.Sessions.aStartedSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.veriflow.app.notify.delivery.EndpointHealth;
import io.veriflow.app.notify.signing.WebhookSecret;
import io.veriflow.app.notify.store.AttemptFailure;
import io.veriflow.app.notify.store.ClaimedDelivery;
import io.veriflow.app.notify.store.DeliveryQueue;
import io.veriflow.app.notify.store.EndpointId;
import io.veriflow.app.notify.store.NewEndpoint;
import io.veriflow.app.notify.store.ReplayFilter;
import io.veriflow.app.notify.store.WebhookEndpoints;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.SessionEvent;
import io.veriflow.domain.session.VerificationSession;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery worker's queue: claims lease exclusively, keep each (endpoint, session) in sequence order, honour
 * retry times and disabled endpoints, hand expired leases over, and record outcomes only under the caller's lease.
 * (This context's worker is off; the test plays the worker.)
 */
@MicronautTest(transactional = false)
@Property(name = "veriflow.notifications.delivery.enabled", value = "false")
class JdbcDeliveryQueueIT {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final AttemptFailure HTTP_500 = new AttemptFailure(500, "HTTP 500");

    @Inject
    DeliveryQueue queue;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    Notifications notifications;

    @Inject
    VerificationSessions sessions;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    DataSource dataSource;

    @Inject
    DataSourceResolver resolver;

    Tables tables;
    TenantId tenant;
    EndpointId endpoint;
    Instant now;

    @BeforeEach
    void setUp() throws SQLException {
        tables = new Tables(resolver, dataSource);
        // claims are not scoped to a tenant (one worker serves all): no test may meet another one's deliveries
        tables.update("DELETE FROM delivery");
        tenant = aFreshTenant();
        endpoint = EndpointId.random();
        endpoints.register(new NewEndpoint(tenant, endpoint, "https://hooks.example.com/" + endpoint,
                Optional.empty(), Set.of(), Instant.now()), WebhookSecret.generate(new SecureRandom()));
        now = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
    }

    @Test
    void onlyTheLowestPendingSequenceOfEachSessionIsClaimed() throws SQLException {
        SessionId first = sessionWith(3);
        SessionId second = sessionWith(1);

        List<ClaimedDelivery> claimed = queue.claim("a", 10, LEASE, now);

        assertThat(claimed).extracting(delivery -> delivery.sessionId() + "#" + delivery.sequence())
                .containsExactlyInAnyOrder(first.value() + "#1", second.value() + "#1");
        assertThat(claimed).allSatisfy(delivery -> {
            assertThat(delivery.attempt()).isEqualTo(1);
            assertThat(delivery.firstAttemptAt()).isEqualTo(now);
            assertThat(delivery.url()).startsWith("https://hooks.example.com/");
            assertThat(delivery.payload()).contains("\"sequence\":" + delivery.sequence());
        });
        assertThat(queue.claim("b", 10, LEASE, now)).as("the rest waits for sequence 1").isEmpty();

        ClaimedDelivery firstOfFirst = claimed.stream().filter(d -> d.sessionId().equals(first.value()))
                .findFirst().orElseThrow();
        assertThat(queue.delivered(firstOfFirst, "a", 200, now)).isTrue();
        assertThat(queue.claim("b", 10, LEASE, now)).extracting(ClaimedDelivery::sequence).containsExactly(2L);
    }

    @Test
    void aClaimWalksTheClaimIndexInOrderAndProbesEachQueueHeadEvenWithStatisticsFromBeforeABacklog() throws SQLException {
        SessionId session = sessionWith(1);
        tables.update("""
                INSERT INTO outbox (tenant_id, session_id, sequence, event_type, payload)
                SELECT ?, ?, s, 'session.in_progress', '{}' FROM generate_series(2, 20001) s""",
                tenant.value(), session.value());
        // a burst the statistics have not seen (a replay, an endpoint back after an outage): 20,000 pending in
        // 2,500 sessions' queues of 8, inserted at once, before any ANALYZE
        tables.update("""
                INSERT INTO delivery (tenant_id, endpoint_id, outbox_id, session_id, sequence, next_attempt_at)
                SELECT o.tenant_id, ?, o.id, md5('queue' || (o.sequence / 8))::uuid, o.sequence, ? FROM outbox o
                 WHERE o.tenant_id = ? AND o.sequence > 1""",
                endpoint.value(), utc(now), tenant.value());
        String unanalysed = ((JdbcDeliveryQueue) queue).claimPlan(50, LEASE, now.plusSeconds(1));
        // and a replay of deliveries the statistics saw delivered: none pending, as far as the planner knows
        tables.update("UPDATE delivery SET state = 'delivered', delivered_at = ? WHERE tenant_id = ?", utc(now),
                tenant.value());
        tables.update("ANALYZE delivery");
        tables.update("UPDATE delivery SET state = 'pending', delivered_at = NULL WHERE tenant_id = ?",
                tenant.value());

        String replayed = ((JdbcDeliveryQueue) queue).claimPlan(50, LEASE, now.plusSeconds(1));

        for (String plan : List.of(unanalysed, replayed)) {
            assertThat(plan).as(plan).contains("delivery_claim_idx").doesNotContain("Sort");
            // the claim index only for the walk; "is a lower sequence pending?" by one probe of the order index per
            // candidate, not by a filtered scan of every pending row
            assertThat(plan.split("delivery_claim_idx", -1)).as(plan).hasSize(2);
            assertThat(plan).as(plan).containsPattern("Index (Only )?Scan using delivery_order_idx");
        }
        assertThat(queue.claim("a", 50, LEASE, now.plusSeconds(1))).hasSize(50)
                .extracting(ClaimedDelivery::sessionId).doesNotHaveDuplicates();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }

    @Test
    void aLeaseIsExclusiveUntilItExpiresAndOnlyItsHolderRecordsTheOutcome() throws SQLException {
        sessionWith(1);
        ClaimedDelivery mine = queue.claim("a", 10, LEASE, now).getFirst();

        assertThat(queue.claim("b", 10, LEASE, now.plusSeconds(29))).isEmpty();
        ClaimedDelivery takenOver = queue.claim("b", 10, LEASE, now.plusSeconds(31)).getFirst();

        assertThat(takenOver.deliveryId()).isEqualTo(mine.deliveryId());
        assertThat(takenOver.notificationId()).isEqualTo(mine.notificationId());
        assertThat(takenOver.attempt()).isEqualTo(2);
        assertThat(takenOver.firstAttemptAt()).isEqualTo(now);
        assertThat(queue.delivered(mine, "a", 200, now.plusSeconds(32))).isFalse();
        assertThat(queue.retryLater(mine, "a", HTTP_500, now.plusSeconds(60), now.plusSeconds(32))).isEmpty();
        assertThat(queue.delivered(takenOver, "b", 204, now.plusSeconds(33))).isTrue();
        assertThat(tables().select("SELECT state, lease_owner, last_status, attempts FROM delivery WHERE tenant_id = ?",
                tenant.value())).singleElement().satisfies(row -> assertThat(row).containsEntry("state", "delivered")
                        .containsEntry("lease_owner", "b").containsEntry("last_status", 204)
                        .containsEntry("attempts", 2));
    }

    @Test
    void aFailedAttemptWaitsForItsRetryTimeAndCountsAgainstTheEndpoint() throws SQLException {
        sessionWith(1);
        ClaimedDelivery first = queue.claim("a", 10, LEASE, now).getFirst();

        Optional<EndpointHealth> health = queue.retryLater(first, "a", HTTP_500, now.plusSeconds(60), now);

        assertThat(health).contains(new EndpointHealth.Failing(1, now));
        assertThat(queue.claim("a", 10, LEASE, now.plusSeconds(59))).isEmpty();
        ClaimedDelivery second = queue.claim("a", 10, LEASE, now.plusSeconds(60)).getFirst();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.firstAttemptAt()).isEqualTo(now);
        assertThat(queue.retryLater(second, "a", new AttemptFailure(null, "timeout"), now.plusSeconds(120),
                now.plusSeconds(61))).contains(new EndpointHealth.Failing(2, now));
        assertThat(tables().select("SELECT last_status, last_error FROM delivery WHERE tenant_id = ?",
                tenant.value())).singleElement().satisfies(row -> {
                    assertThat(row.get("last_status")).isNull();
                    assertThat(row.get("last_error")).isEqualTo("timeout");
                });

        ClaimedDelivery third = queue.claim("a", 10, LEASE, now.plusSeconds(120)).getFirst();
        assertThat(queue.delivered(third, "a", 200, now.plusSeconds(121))).isTrue();
        assertThat(endpoints.find(tenant, endpoint).orElseThrow().health()).isEqualTo(EndpointHealth.healthy());
    }

    @Test
    void aGivenUpDeliveryNoLongerHoldsBackTheSessionsLaterNotifications() throws SQLException {
        sessionWith(2);
        ClaimedDelivery first = queue.claim("a", 10, LEASE, now).getFirst();

        assertThat(queue.giveUp(first, "a", HTTP_500, now)).isPresent();

        assertThat(queue.claim("a", 10, LEASE, now)).extracting(ClaimedDelivery::sequence).containsExactly(2L);
        assertThat(tables().select("SELECT sequence, state FROM delivery WHERE tenant_id = ? ORDER BY sequence",
                tenant.value())).extracting(row -> row.get("state")).containsExactly("failed", "pending");
    }

    @Test
    void aDisabledEndpointsDeliveriesWaitAndStartAfreshWhenItIsEnabled() throws SQLException {
        sessionWith(1);
        ClaimedDelivery first = queue.claim("a", 10, LEASE, now).getFirst();
        queue.retryLater(first, "a", HTTP_500, now.plusSeconds(1), now);
        assertThat(queue.disable(tenant, endpoint, "disabled after 1 failed attempts", now)).isTrue();
        assertThat(queue.disable(tenant, endpoint, "again", now)).isFalse();

        assertThat(queue.claim("a", 10, LEASE, now.plusSeconds(5))).isEmpty();
        endpoints.enable(tenant, endpoint, now.plusSeconds(5));

        ClaimedDelivery again = queue.claim("a", 10, LEASE, now.plusSeconds(5)).getFirst();
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.firstAttemptAt()).isEqualTo(now.plusSeconds(5));
        assertThat(endpoints.find(tenant, endpoint).orElseThrow().enabled()).isTrue();
    }

    @Test
    void aReplayRequeuesDeliveredAndFailedNotificationsButLeavesPendingOnes() throws SQLException {
        SessionId session = sessionWith(3);
        ClaimedDelivery first = queue.claim("a", 10, LEASE, now).getFirst();
        queue.delivered(first, "a", 200, now);
        ClaimedDelivery second = queue.claim("a", 10, LEASE, now).getFirst();
        queue.giveUp(second, "a", HTTP_500, now);

        var queued = endpoints.replay(tenant, endpoint, new ReplayFilter(Optional.of(session), Optional.empty()),
                now.plusSeconds(1));

        assertThat(queued).hasValue(2);
        assertThat(tables().select("SELECT sequence, state, attempts FROM delivery WHERE tenant_id = ? "
                + "ORDER BY sequence", tenant.value())).extracting(row -> row.get("sequence") + " " + row.get("state")
                        + " " + row.get("attempts")).containsExactly("1 pending 0", "2 pending 0", "3 pending 0");
        assertThat(queue.claim("a", 10, LEASE, now.plusSeconds(1))).extracting(ClaimedDelivery::notificationId)
                .containsExactly(first.notificationId());
        assertThat(endpoints.replay(tenant, EndpointId.random(),
                new ReplayFilter(Optional.of(session), Optional.empty()), now)).isEmpty();
    }

    /** A session of the tenant with {@code notifications} notifications, all queued for the endpoint. */
    private SessionId sessionWith(int notifications) {
        VerificationSession session = sessions.add(aStartedSession(tenant,
                new ProviderRef("idv_" + UUID.randomUUID()), Sessions.T0));
        transactions.executeWrite(status -> {
            for (int i = 0; i < notifications; i++) {
                this.notifications.enqueue(tenant, List.of(new SessionEvent.SessionInProgress(session.id(),
                        Instant.now())));
            }
            return null;
        });
        return session.id();
    }

    private Tables tables() {
        return tables;
    }
}
