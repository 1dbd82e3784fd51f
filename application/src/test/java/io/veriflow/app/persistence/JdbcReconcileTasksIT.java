package io.veriflow.app.persistence;

import static io.veriflow.app.persistence.Sessions.T0;
import static io.veriflow.app.persistence.Sessions.aFreshTenant;
import static io.veriflow.app.persistence.Sessions.aStartedSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.ReconcileRequest;
import io.veriflow.domain.session.ReconcileRequest.Why;
import io.veriflow.domain.session.VerificationSession;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconcile tasks in PostgreSQL: at most one pending per session, due at the earliest time asked for. */
@MicronautTest(transactional = false)
class JdbcReconcileTasksIT {

    private static final ProviderRef REF = new ProviderRef("idv_reconcile");

    @Inject
    ReconcileTasks tasks;

    @Inject
    VerificationSessions sessions;

    @Inject
    DataSource dataSource;

    @Inject
    DataSourceResolver resolver;

    private Tables tables;

    @BeforeEach
    void openTables() {
        tables = new Tables(resolver, dataSource);
    }

    @Test
    void theTasksAreTheJdbcAdapter() {
        assertThat(tasks).isInstanceOf(JdbcReconcileTasks.class);
    }

    @Test
    void aRequestWhileOneIsPendingKeepsThePendingTaskAndTheEarlierTime() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession session = aSession(tenant);
        Instant later = T0.plus(Duration.ofMinutes(10));
        Instant sooner = T0.plus(Duration.ofMinutes(1));

        tasks.schedule(tenant, session.id(), new ReconcileRequest(REF, Why.CLIENT_HINT), later);
        tasks.schedule(tenant, session.id(), new ReconcileRequest(REF, Why.THIN_NOTIFICATION), sooner);
        tasks.schedule(tenant, session.id(), new ReconcileRequest(REF, Why.SILENT_SESSION), T0.plus(Duration.ofHours(1)));

        List<Map<String, Object>> rows = tasksOf(tenant, session.id().value());
        assertThat(rows).hasSize(1);
        Map<String, Object> task = rows.getFirst();
        assertThat(task).containsEntry("kind", "reconcile").containsEntry("state", "pending")
                .containsEntry("attempts", 0).containsEntry("traceparent", null);
        assertThat(((Timestamp) task.get("not_before")).toInstant()).isEqualTo(sooner);
        assertThat(task.get("payload").toString()).contains("\"why\": \"CLIENT_HINT\"").contains("idv_reconcile");
    }

    @Test
    void aLaterRequestDoesNotPostponeThePendingTask() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession session = aSession(tenant);

        tasks.schedule(tenant, session.id(), new ReconcileRequest(REF, Why.CLIENT_HINT), T0);
        tasks.schedule(tenant, session.id(), new ReconcileRequest(REF, Why.CLIENT_HINT), T0.plusSeconds(30));

        List<Map<String, Object>> rows = tasksOf(tenant, session.id().value());
        assertThat(rows).hasSize(1);
        assertThat(((Timestamp) rows.getFirst().get("not_before")).toInstant()).isEqualTo(T0);
    }

    @Test
    void aTaskAlreadyRunningDoesNotAbsorbANewRequest() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession session = aSession(tenant);
        tasks.schedule(tenant, session.id(), new ReconcileRequest(REF, Why.CLIENT_HINT), T0);
        int claimed = tables.update("""
                UPDATE task SET state = 'running', lease_owner = 'worker-1', lease_expires_at = ?
                 WHERE tenant_id = ? AND session_id = ?""",
                Timestamp.from(T0.plusSeconds(60)), tenant.value(), session.id().value());
        assertThat(claimed).isEqualTo(1);

        tasks.schedule(tenant, session.id(), new ReconcileRequest(REF, Why.THIN_NOTIFICATION), T0.plusSeconds(5));

        assertThat(tasksOf(tenant, session.id().value())).extracting(row -> row.get("state"))
                .containsExactlyInAnyOrder("running", "pending");
    }

    @Test
    void eachSessionHasItsOwnPendingTask() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession one = aSession(tenant);
        VerificationSession two = aSession(tenant);

        tasks.schedule(tenant, one.id(), new ReconcileRequest(REF, Why.CLIENT_HINT), T0);
        tasks.schedule(tenant, two.id(), new ReconcileRequest(REF, Why.CLIENT_HINT), T0);

        assertThat(tasksOf(tenant, one.id().value())).hasSize(1);
        assertThat(tasksOf(tenant, two.id().value())).hasSize(1);
    }

    private VerificationSession aSession(TenantId tenant) {
        return sessions.add(aStartedSession(tenant, REF, T0));
    }

    private List<Map<String, Object>> tasksOf(TenantId tenant, UUID session) throws SQLException {
        return tables.select("SELECT * FROM task WHERE tenant_id = ? AND session_id = ? ORDER BY created_at",
                tenant.value(), session);
    }
}
