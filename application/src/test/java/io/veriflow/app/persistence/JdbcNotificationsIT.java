package io.veriflow.app.persistence;

import static io.veriflow.app.persistence.Sessions.aFreshTenant;
import static io.veriflow.app.persistence.Sessions.aStartedSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.annotation.Property;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.veriflow.app.notify.payload.NotificationEnvelope;
import io.veriflow.app.notify.payload.NotificationId;
import io.veriflow.app.notify.payload.NotificationPayload;
import io.veriflow.app.notify.payload.NotificationType;
import io.veriflow.app.notify.signing.WebhookSecret;
import io.veriflow.app.notify.store.DeliveryQueue;
import io.veriflow.app.notify.store.EndpointId;
import io.veriflow.app.notify.store.NewEndpoint;
import io.veriflow.app.notify.store.WebhookEndpoints;
import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.SessionEvent;
import io.veriflow.domain.session.VerificationSession;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox adapter: in the caller's transaction (and only there) it numbers each session's notifications from 1,
 * stores the body exactly as rendered with the current traceparent, and queues one delivery per enabled endpoint of
 * the tenant that subscribes to the type.
 */
@MicronautTest(transactional = false)
@Property(name = "veriflow.notifications.delivery.enabled", value = "false")
class JdbcNotificationsIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Notifications notifications;

    @Inject
    VerificationSessions sessions;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    DeliveryQueue queue;

    @Inject
    NotificationPayload payloads;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    OpenTelemetry openTelemetry;

    @Inject
    DataSource dataSource;

    @Inject
    DataSourceResolver resolver;

    Tables tables;

    @BeforeEach
    void setUp() {
        tables = new Tables(resolver, dataSource);
    }

    @Test
    void eachSessionsNotificationsAreNumberedFromOneAcrossTransactions() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession first = stored(tenant);
        VerificationSession second = stored(tenant);

        enqueue(tenant, new SessionEvent.SessionInProgress(first.id(), now()),
                new SessionEvent.SessionInProgress(second.id(), now()),
                new SessionEvent.SessionSubmitted(first.id(), now()));
        enqueue(tenant, decided(first));

        assertThat(tables.select("SELECT sequence, event_type FROM outbox WHERE tenant_id = ? AND session_id = ? "
                + "ORDER BY sequence", tenant.value(), first.id().value()))
                .extracting(row -> row.get("sequence") + " " + row.get("event_type"))
                .containsExactly("1 session.in_progress", "2 session.submitted", "3 session.decided");
        assertThat(tables.select("SELECT sequence FROM outbox WHERE tenant_id = ? AND session_id = ?",
                tenant.value(), second.id().value())).extracting(row -> row.get("sequence")).containsExactly(1L);
    }

    @Test
    void theBodyIsStoredExactlyAsRenderedWithTheCurrentTraceparent() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession session = stored(tenant);
        SessionEvent decided = decided(session);
        Span span = openTelemetry.getTracer("test").spanBuilder("test.request").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            enqueue(tenant, decided);
        } finally {
            span.end();
        }

        Map<String, Object> row = tables.select("SELECT * FROM outbox WHERE tenant_id = ? AND session_id = ?",
                tenant.value(), session.id().value()).getFirst();
        UUID id = (UUID) row.get("id");
        byte[] expected = payloads.render(new NotificationEnvelope(new NotificationId(id), 1, tenant,
                session.provider(), decided));
        assertThat(row.get("payload")).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat((String) row.get("payload")).startsWith("{\"id\":\"" + id + "\",\"type\":\"session.decided\","
                + "\"sequence\":1,");
        assertThat(row.get("event_type")).isEqualTo(NotificationType.SESSION_DECIDED.wireName());
        if (span.getSpanContext().isValid()) {
            assertThat(row.get("traceparent")).isEqualTo("00-" + span.getSpanContext().getTraceId() + "-"
                    + span.getSpanContext().getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
        }
    }

    @Test
    void eachEnabledSubscribedEndpointOfTheTenantGetsADelivery() throws SQLException {
        TenantId tenant = aFreshTenant();
        TenantId otherTenant = aFreshTenant();
        EndpointId all = endpoint(tenant, Set.of());
        EndpointId decisionsOnly = endpoint(tenant, Set.of(NotificationType.SESSION_DECIDED));
        EndpointId disabled = endpoint(tenant, Set.of());
        queue.disable(tenant, disabled, "test", now());
        EndpointId others = endpoint(otherTenant, Set.of());
        VerificationSession session = stored(tenant);

        enqueue(tenant, new SessionEvent.SessionSubmitted(session.id(), now()), decided(session));

        assertThat(deliveriesTo(tenant, all)).containsExactly("1 pending", "2 pending");
        assertThat(deliveriesTo(tenant, decisionsOnly)).containsExactly("2 pending");
        assertThat(deliveriesTo(tenant, disabled)).isEmpty();
        assertThat(deliveriesTo(otherTenant, others)).isEmpty();
    }

    @Test
    void aRolledBackChangeLeavesNoNotificationAndNoDelivery() throws SQLException {
        TenantId tenant = aFreshTenant();
        endpoint(tenant, Set.of());
        VerificationSession session = stored(tenant);

        assertThatIllegalStateException().isThrownBy(() -> transactions.executeWrite(status -> {
            notifications.enqueue(tenant, List.of(decided(session)));
            throw new IllegalStateException("the session could not be saved");
        }));

        assertThat(tables.select("SELECT * FROM outbox WHERE tenant_id = ?", tenant.value())).isEmpty();
        assertThat(tables.select("SELECT * FROM delivery WHERE tenant_id = ?", tenant.value())).isEmpty();
    }

    @Test
    void outsideATransactionNothingIsQueued() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession session = stored(tenant);

        assertThatThrownBy(() -> notifications.enqueue(tenant, List.of(decided(session))))
                .isInstanceOf(RuntimeException.class);

        assertThat(tables.select("SELECT * FROM outbox WHERE tenant_id = ?", tenant.value())).isEmpty();
    }

    private VerificationSession stored(TenantId tenant) {
        return sessions.add(aStartedSession(tenant, new ProviderRef("idv_" + UUID.randomUUID()), Sessions.T0));
    }

    private EndpointId endpoint(TenantId tenant, Set<NotificationType> types) {
        EndpointId id = EndpointId.random();
        endpoints.register(new NewEndpoint(tenant, id, "https://hooks.example.com/" + id, Optional.empty(), types,
                now()), WebhookSecret.generate(RANDOM));
        return id;
    }

    private void enqueue(TenantId tenant, SessionEvent... events) {
        transactions.executeWrite(status -> {
            notifications.enqueue(tenant, List.of(events));
            return null;
        });
    }

    private List<String> deliveriesTo(TenantId tenant, EndpointId endpoint) throws SQLException {
        return tables.select("SELECT sequence, state FROM delivery WHERE tenant_id = ? AND endpoint_id = ? "
                + "ORDER BY sequence", tenant.value(), endpoint.value()).stream()
                .map(row -> row.get("sequence") + " " + row.get("state")).toList();
    }

    private static SessionEvent decided(VerificationSession session) {
        return new SessionEvent.SessionDecided(session.id(), now(),
                Decision.of(Verdict.FAILED, new ReasonCode("document_failed")));
    }

    private static Instant now() {
        return Instant.now();
    }
}
