package io.veriflow.app.work;

import static io.veriflow.app.work.WorkSessions.aFreshTenant;
import static io.veriflow.app.work.WorkSessions.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.veriflow.app.usecase.InTransaction;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.ReconcileRequest;
import io.veriflow.domain.session.VerificationSession;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two service instances (two application contexts on one database, as two processes would be) share the reconcile
 * tasks through their leases: every task is run exactly once, and both instances do some of the work.
 */
class TwoWorkersShareTheTasksIT {

    private static final int TASKS = 200;

    @Test
    void twoInstancesShareTheTasksAndNoTaskRunsTwice() throws SQLException {
        try (ApplicationContext first = ApplicationContext.run(instance("instance-a"))) {
            Map<String, Object> second = new HashMap<>(instance("instance-b"));
            second.putAll(sameDatabaseAs(first));
            try (ApplicationContext other = ApplicationContext.run(second)) {
                TenantId tenant = aFreshTenant();
                List<VerificationSession> sessions = addSessions(first, tenant);

                ReconcileTasks tasks = first.getBean(ReconcileTasks.class);
                var now = first.getBean(Clock.class).instant();
                first.getBean(InTransaction.class).run(() -> {
                    for (VerificationSession session : sessions) {
                        tasks.schedule(tenant, session.id(), new ReconcileRequest(session.providerRef().orElseThrow(),
                                ReconcileRequest.Why.THIN_NOTIFICATION), now);
                    }
                    return null;
                });

                TaskRows rows = new TaskRows(first);
                Eventually.waitUntil("all tasks done", Duration.ofSeconds(20),
                        () -> count(rows, "SELECT count(*) FROM task WHERE tenant_id = ? AND state = 'done'",
                                tenant) == TASKS);

                Map<String, Integer> fetches = new HashMap<>(
                        first.getBean(ScriptedWorkProvider.class).fetchCounts());
                other.getBean(ScriptedWorkProvider.class).fetchCounts()
                        .forEach((ref, calls) -> fetches.merge(ref, calls, Integer::sum));
                for (VerificationSession session : sessions) {
                    assertThat(fetches.get(session.providerRef().orElseThrow().value()))
                            .as("fetches of %s", session.providerRef().orElseThrow()).isEqualTo(1);
                }
                assertThat(rows.select("SELECT attempts, count(*) AS n FROM task WHERE tenant_id = ? GROUP BY attempts",
                        tenant.value())).singleElement().satisfies(group -> assertThat(group)
                                .containsEntry("attempts", 1).containsEntry("n", (long) TASKS));

                Map<Object, Long> byOwner = new HashMap<>();
                rows.select("SELECT lease_owner, count(*) AS n FROM task WHERE tenant_id = ? GROUP BY lease_owner",
                        tenant.value()).forEach(group -> byOwner.put(group.get("lease_owner"), (Long) group.get("n")));
                assertThat(byOwner).containsOnlyKeys("instance-a", "instance-b");
                assertThat(byOwner.values()).allSatisfy(n -> assertThat(n).isPositive());
                long completedA = first.getBean(TaskWorker.class).completed();
                long completedB = other.getBean(TaskWorker.class).completed();
                assertThat(completedA).isEqualTo(byOwner.get("instance-a"));
                assertThat(completedB).isEqualTo(byOwner.get("instance-b"));
            }
        }
    }

    private static Map<String, Object> instance(String id) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("veriflow.work.enabled", "true");
        properties.put("veriflow.work.instance-id", id);
        properties.put("veriflow.work.poll-interval", "20ms");
        properties.put("veriflow.work.batch-size", "10");
        properties.put("veriflow.test.fake-notifications", "true");
        properties.put("veriflow.test.work-providers", "true");
        properties.put("veriflow.providers.workprov.resilience.retry.max-attempts", "1");
        properties.put("veriflow.providers.workprov.resilience.rate-limiter.limit-for-period", "100000");
        return properties;
    }

    /** The first context's database, for the second: with a URL configured, nothing embedded is started. */
    private static Map<String, Object> sameDatabaseAs(ApplicationContext context) throws SQLException {
        try (Connection connection = new TaskRows(context).dataSource().getConnection()) {
            DatabaseMetaData database = connection.getMetaData();
            return Map.of(
                    "datasources.default.url", database.getURL(),
                    "datasources.default.username", database.getUserName(),
                    "datasources.default.password", "");
        }
    }

    private static List<VerificationSession> addSessions(ApplicationContext context, TenantId tenant) {
        VerificationSessions sessions = context.getBean(VerificationSessions.class);
        var now = context.getBean(Clock.class).instant();
        List<VerificationSession> added = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ProviderRef ref = new ProviderRef("shared_" + tenant.value() + "_" + i);
            added.add(sessions.add(started(tenant, ScriptedWorkProvider.ID, Optional.of(ref), now)));
        }
        return added;
    }

    private static long count(TaskRows rows, String sql, TenantId tenant) {
        return (Long) rows.select(sql, tenant.value()).getFirst().get("count");
    }
}
