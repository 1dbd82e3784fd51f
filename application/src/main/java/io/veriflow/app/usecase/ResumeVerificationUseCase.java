package io.veriflow.app.usecase;

import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.port.in.ResumeVerification;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.session.Permission;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import java.util.Optional;

/**
 * Hands the front end a way back into the flow, when the domain permits it for what the provider supports. The
 * fresh token is kept encrypted in the vault.
 */
public final class ResumeVerificationUseCase implements ResumeVerification {

    private final SessionStore store;
    private final Providers providers;

    public ResumeVerificationUseCase(SessionStore store, Providers providers) {
        this.store = store;
        this.providers = providers;
    }

    @Override
    public Result resume(Command command) {
        Optional<VerificationSession> found = store.sessions().find(command.tenant(), command.session());
        if (found.isEmpty()) {
            return new NotFound();
        }
        VerificationSession session = found.get();
        VerificationProvider provider = providers.find(session.provider())
                .orElseThrow(() -> new IllegalStateException("no adapter installed for " + session.provider()));
        if (session.mayResume(provider.capabilities()) instanceof Permission.Refused refused) {
            return new Refused(refused.reason());
        }
        VerificationProvider.ResumeGrant grant = provider.resume(new VerificationProvider.ResumeRequest(
                session.id(), session.providerRef(), session.subject(), session.template(),
                new IdempotencyKey("resume:" + session.id() + ":" + session.version())));
        SignalOutcome.Changed resumed =
                session.resumed(provider.capabilities(), grant.snapshot(), store.clock().instant());
        VerificationSession saved = store.inTransaction().run(() -> {
            VerificationSession stored = store.sessions().save(resumed.session());
            store.notifications().enqueue(session.tenant(), resumed.events());
            grant.launch().token().ifPresent(token -> store.vault().store(
                    SecretVault.SecretRef.resumeTokenOf(session.tenant(), session.id()), Secret.of(token)));
            return stored;
        });
        return new Resumed(saved, grant.launch());
    }
}
