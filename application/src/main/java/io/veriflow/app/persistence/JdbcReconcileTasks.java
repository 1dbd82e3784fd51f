package io.veriflow.app.persistence;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.session.ReconcileRequest;
import io.veriflow.app.tracing.Traceparent;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Reconcile requests as durable {@code reconcile} tasks in {@code task}, coalesced per session: while one is pending,
 * scheduling another keeps it (with its request) and only brings its {@code not_before} forward when the new one is
 * due earlier. A task already claimed by a worker does not absorb new requests; those start a new pending task.
 */
@Singleton
public class JdbcReconcileTasks implements ReconcileTasks {

    private final TaskRepository tasks;
    private final Documents documents;

    JdbcReconcileTasks(TaskRepository tasks, Documents documents) {
        this.tasks = tasks;
        this.documents = documents;
    }

    @Override
    public void schedule(TenantId tenant, SessionId session, ReconcileRequest request, Instant notBefore) {
        tasks.scheduleReconcile(tenant.value(), session.value(), documents.write(request), notBefore,
                Traceparent.current().orElse(null));
    }
}
