package io.veriflow.app.usecase;

import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.port.in.StartVerification;
import io.veriflow.domain.port.out.SessionIds;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.AuthoritativeSnapshot;
import io.veriflow.domain.signal.SignalMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a session: asks the provider for the attempt and the front end's launch data (outside any transaction),
 * then stores the session, the provider's first snapshot if it gave one, and the start events in one transaction.
 * The provider call carries the idempotency key, so a repeated start after a crash does not create a second attempt.
 */
public final class StartVerificationUseCase implements StartVerification {

    private final SessionStore store;
    private final Providers providers;
    private final SessionIds ids;

    public StartVerificationUseCase(SessionStore store, Providers providers, SessionIds ids) {
        this.store = store;
        this.providers = providers;
        this.ids = ids;
    }

    @Override
    public Result start(Command command) {
        Optional<VerificationProvider> provider = providers.find(command.provider());
        if (provider.isEmpty()) {
            return new UnknownProvider(command.provider());
        }
        var id = ids.next();
        VerificationProvider.StartedAttempt attempt = provider.get().start(new VerificationProvider.StartRequest(
                id, command.tenant(), command.subject(), command.template(), command.key()));
        Instant now = store.clock().instant();
        SignalOutcome.Changed started = VerificationSession.start(id, command.tenant(), command.provider(),
                command.subject(), command.template(), attempt.ref(), now);
        VerificationSession session = started.session();
        List<io.veriflow.domain.session.SessionEvent> events = new ArrayList<>(started.events());
        Optional<SignalLog.Entry> firstSnapshot = Optional.empty();
        if (attempt.snapshot().isPresent()) {
            var snapshot = attempt.snapshot().get();
            var meta = new SignalMeta(new DedupeKey("start:" + id), new SignalName(command.provider() + ".api.start"),
                    Optional.of(snapshot.asOf()), now);
            var signal = new AuthoritativeSnapshot(meta, snapshot);
            SignalOutcome outcome = session.apply(signal);
            if (outcome instanceof SignalOutcome.Changed changed) {
                session = changed.session();
                events.addAll(changed.events());
            }
            firstSnapshot = Optional.of(new SignalLog.Entry(command.tenant(), id, command.provider(), meta,
                    signal.authority(), SignalLog.Effect.of(outcome), RawPayload.NONE));
        }
        VerificationSession toStore = session;
        Optional<SignalLog.Entry> entry = firstSnapshot;
        VerificationSession stored = store.inTransaction().run(() -> {
            VerificationSession added = store.sessions().add(toStore);
            entry.ifPresent(store.signals()::append);
            store.notifications().enqueue(command.tenant(), events);
            return added;
        });
        return new Started(stored, attempt.launch());
    }
}
