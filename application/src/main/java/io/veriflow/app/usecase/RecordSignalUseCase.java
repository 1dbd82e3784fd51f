package io.veriflow.app.usecase;

import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.port.out.ConcurrentSessionUpdate;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import java.util.Optional;

/**
 * Records a signal in one transaction: the signal log entry (its unique dedupe key makes a duplicate a no-op), the
 * session's new state, the outbox rows for its events, the reconcile task, and a resume token handed over by the
 * client (encrypted in the vault, never in the log). A concurrent change of the same session rolls all of it back
 * and the signal is applied again to the fresh state.
 */
public final class RecordSignalUseCase implements RecordSignal {

    static final int MAX_CONCURRENT_RETRIES = 5;

    private final SessionStore store;

    public RecordSignalUseCase(SessionStore store) {
        this.store = store;
    }

    @Override
    public Result record(Command command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.inTransaction().run(() -> recordOnce(command));
            } catch (ConcurrentSessionUpdate conflict) {
                if (attempt >= MAX_CONCURRENT_RETRIES) {
                    throw conflict;
                }
            }
        }
    }

    private Result recordOnce(Command command) {
        Optional<VerificationSession> found = switch (command.target()) {
            case ToSession toSession -> store.sessions().find(toSession.tenant(), toSession.session());
            case ToProviderRef toRef -> store.sessions().findByProviderRef(command.provider(), toRef.ref());
        };
        if (found.isEmpty() || !found.get().provider().equals(command.provider())) {
            return new UnknownSession();
        }
        VerificationSession session = found.get();
        SignalOutcome outcome = session.apply(command.signal());
        SignalLog.Entry entry = new SignalLog.Entry(session.tenant(), session.id(), command.provider(),
                command.signal().meta(), command.signal().authority(), SignalLog.Effect.of(outcome),
                command.payload());
        if (store.signals().append(entry) == SignalLog.Appended.ALREADY_RECORDED) {
            return new Duplicate();
        }
        if (outcome instanceof SignalOutcome.Changed changed) {
            store.sessions().save(changed.session());
            store.notifications().enqueue(session.tenant(), changed.events());
        }
        if (tokenStillCurrent(outcome)) {
            keepResumeToken(session.tenant(), session, command);
        }
        outcome.reconcile().ifPresent(request -> store.reconcileTasks()
                .schedule(session.tenant(), session.id(), request, store.clock().instant()));
        return new Applied(outcome);
    }

    private static boolean tokenStillCurrent(SignalOutcome outcome) {
        return switch (outcome) {
            case SignalOutcome.Changed changed -> true;
            case SignalOutcome.Ignored ignored -> ignored.reason() != SignalOutcome.IgnoredBecause.STALE_HINT;
            case SignalOutcome.Rejected rejected -> false;
        };
    }

    private void keepResumeToken(TenantId tenant, VerificationSession session, Command command) {
        if (command.signal() instanceof ClientHint hint
                && hint.content() instanceof HintContent.FlowExited exited
                && exited.resumeToken().isPresent()) {
            store.vault().store(SecretVault.SecretRef.resumeTokenOf(tenant, session.id()),
                    KeptResumeToken.fromClient(exited.resumeToken().get()).seal());
        }
    }
}
