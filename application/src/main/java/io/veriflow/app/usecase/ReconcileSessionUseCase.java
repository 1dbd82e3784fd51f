package io.veriflow.app.usecase;

import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.port.in.ReconcileSession;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.AuthoritativeSnapshot;
import io.veriflow.domain.signal.SignalMeta;
import io.veriflow.domain.signal.Snapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads the authoritative state of an attempt and records it like any other signal. The dedupe key is a digest of
 * the snapshot's content, so fetching the same state twice logs it once.
 */
public final class ReconcileSessionUseCase implements ReconcileSession {

    private final SessionStore store;
    private final Providers providers;
    private final RecordSignal recordSignal;

    public ReconcileSessionUseCase(SessionStore store, Providers providers, RecordSignal recordSignal) {
        this.store = store;
        this.providers = providers;
        this.recordSignal = recordSignal;
    }

    @Override
    public Result reconcile(Command command) {
        Optional<VerificationSession> found = store.sessions().find(command.tenant(), command.session());
        if (found.isEmpty()) {
            return new NotFound();
        }
        VerificationSession session = found.get();
        VerificationProvider provider = providers.find(session.provider())
                .orElseThrow(() -> new IllegalStateException("no adapter installed for " + session.provider()));
        Snapshot snapshot = provider.fetch(attemptToFetch(session, command.request()));
        SignalMeta meta = new SignalMeta(dedupeKeyOf(snapshot), new SignalName(session.provider() + ".api.fetch"),
                Optional.of(snapshot.asOf()), store.clock().instant());
        RecordSignal.Result recorded = recordSignal.record(new RecordSignal.Command(session.provider(),
                new RecordSignal.ToSession(session.tenant(), session.id()), new AuthoritativeSnapshot(meta, snapshot),
                RawPayload.NONE));
        return switch (recorded) {
            case RecordSignal.Applied applied -> new Reconciled(applied.outcome());
            case RecordSignal.Duplicate duplicate ->
                    new Reconciled(new SignalOutcome.Ignored(SignalOutcome.IgnoredBecause.NOTHING_NEW, Optional.empty()));
            case RecordSignal.UnknownSession unknown -> new NotFound();
        };
    }

    /**
     * A kept reconcile request may name an attempt the session has since replaced: fetch the current attempt then.
     * A reference the session does not know yet (claimed by a client, or named by a webhook about a new attempt) is
     * fetched as asked: its snapshot must then prove it belongs to the session.
     */
    private static io.veriflow.domain.model.ProviderRef attemptToFetch(
            VerificationSession session, io.veriflow.domain.session.ReconcileRequest request) {
        boolean known = session.attempts().stream().anyMatch(attempt -> attempt.ref().equals(Optional.of(request.ref())));
        return known ? session.providerRef().orElse(request.ref()) : request.ref();
    }

    static DedupeKey dedupeKeyOf(Snapshot snapshot) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(snapshot.toString().getBytes(StandardCharsets.UTF_8));
            return new DedupeKey("fetch:" + HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
