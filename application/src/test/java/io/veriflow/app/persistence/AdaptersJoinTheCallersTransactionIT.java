package io.veriflow.app.persistence;

import static io.veriflow.app.persistence.Sessions.T0;
import static io.veriflow.app.persistence.Sessions.aFreshTenant;
import static io.veriflow.app.persistence.Sessions.aStartedSession;
import static io.veriflow.app.persistence.Sessions.hint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The ingest flow (log the signal, apply it, save the session, schedule a reconcile) runs the adapters inside one
 * caller's transaction: all of it commits together, or none of it is stored.
 */
@MicronautTest(transactional = false)
class AdaptersJoinTheCallersTransactionIT {

    private static final ProviderRef REF = new ProviderRef("idv_tx");

    @Inject
    VerificationSessions sessions;

    @Inject
    SignalLog log;

    @Inject
    ReconcileTasks tasks;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    DataSource dataSource;

    @Inject
    DataSourceResolver resolver;

    @Test
    void aCommittedIngestStoresTheEntryTheSessionAndTheTask() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession session = sessions.add(aStartedSession(tenant, REF, T0));
        ClientHint opened = hint("tx-commit", new HintContent.FlowOpened(), T0.plusSeconds(1));

        VerificationSession saved = transactions.executeWrite(status -> ingest(tenant, session, opened));

        assertThat(sessions.find(tenant, session.id())).contains(saved);
        assertThat(log.timeline(tenant, session.id())).hasSize(1);
        assertThat(reconcileTasksOf(session)).isEqualTo(1);
        assertThat(log.append(entry(session, opened, nothingNew())))
                .isEqualTo(SignalLog.Appended.ALREADY_RECORDED);
    }

    @Test
    void aFailedIngestStoresNothing() throws SQLException {
        TenantId tenant = aFreshTenant();
        VerificationSession session = sessions.add(aStartedSession(tenant, REF, T0));
        ClientHint opened = hint("tx-rollback", new HintContent.FlowOpened(), T0.plusSeconds(1));

        assertThatIllegalStateException().isThrownBy(() -> transactions.executeWrite(status -> {
            ingest(tenant, session, opened);
            throw new IllegalStateException("the notification could not be queued");
        }));

        assertThat(sessions.find(tenant, session.id())).contains(session);
        assertThat(log.timeline(tenant, session.id())).isEmpty();
        assertThat(reconcileTasksOf(session)).isZero();
        assertThat(log.append(entry(session, opened, nothingNew())))
                .isEqualTo(SignalLog.Appended.APPENDED);
    }

    private VerificationSession ingest(TenantId tenant, VerificationSession stored, ClientHint signal) {
        VerificationSession loaded = sessions.find(tenant, stored.id()).orElseThrow();
        SignalOutcome.Changed changed = (SignalOutcome.Changed) loaded.apply(signal);
        assertThat(log.append(entry(loaded, signal, changed))).isEqualTo(SignalLog.Appended.APPENDED);
        VerificationSession saved = sessions.save(changed.session());
        tasks.schedule(tenant, loaded.id(), changed.reconcile().orElseThrow(), T0.plusSeconds(30));
        return saved;
    }

    private static SignalLog.Entry entry(VerificationSession session, ClientHint signal, SignalOutcome outcome) {
        return new SignalLog.Entry(session.tenant(), session.id(), session.provider(), signal.meta(),
                signal.authority(), SignalLog.Effect.of(outcome), RawPayload.NONE);
    }

    private int reconcileTasksOf(VerificationSession session) throws SQLException {
        return new Tables(resolver, dataSource).select("SELECT id FROM task WHERE tenant_id = ? AND session_id = ?",
                session.tenant().value(), session.id().value()).size();
    }

    private static SignalOutcome nothingNew() {
        return new SignalOutcome.Ignored(SignalOutcome.IgnoredBecause.NOTHING_NEW, Optional.empty());
    }
}
