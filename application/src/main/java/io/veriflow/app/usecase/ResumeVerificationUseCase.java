package io.veriflow.app.usecase;

import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.port.in.ResumeVerification;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.session.Permission;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands the front end a way back into the flow, when the domain permits it for what the provider supports. The
 * fresh token is kept encrypted in the vault, with when it was issued ({@link KeptResumeToken}).
 *
 * <p>A resume repeated within {@code tokenReuse} of the one that issued the kept token answers with that same launch
 * and does not call the provider again: each provider resume opens a new provider session (Persona caps them per
 * inquiry), and a front end retrying a click must not burn them. The kept token is reused only when it was issued by a
 * resume of the session's current attempt, the attempt is still open (not abandoned or expired since: those need a
 * real resume that reopens it), and the token stays valid for at least {@link #MINIMUM_VALIDITY}; a token a client
 * handed over ({@code onCancel}) is never reused, its age being unknown. A reuse changes nothing: no event, no new
 * version. Two concurrent first resumes may both reach the provider; they carry the same idempotency key.
 */
public final class ResumeVerificationUseCase implements ResumeVerification {

    /** {@code veriflow.resume.token-reuse} when not configured. */
    public static final Duration DEFAULT_TOKEN_REUSE = Duration.ofMinutes(10);
    /** A kept token closer than this to its expiry is not handed out again. */
    static final Duration MINIMUM_VALIDITY = Duration.ofMinutes(1);

    private final SessionStore store;
    private final Providers providers;
    private final Duration tokenReuse;

    public ResumeVerificationUseCase(SessionStore store, Providers providers) {
        this(store, providers, DEFAULT_TOKEN_REUSE);
    }

    /** @param tokenReuse how long a token issued by a resume is handed out again instead of resuming anew; zero: never */
    public ResumeVerificationUseCase(SessionStore store, Providers providers, Duration tokenReuse) {
        this.store = store;
        this.providers = providers;
        this.tokenReuse = Objects.requireNonNull(tokenReuse, "tokenReuse must not be null");
        if (tokenReuse.isNegative()) {
            throw new IllegalArgumentException("veriflow.resume.token-reuse must not be negative, was " + tokenReuse);
        }
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
        SecretVault.SecretRef tokenRef = SecretVault.SecretRef.resumeTokenOf(session.tenant(), session.id());
        Optional<ClientLaunch> reusable = reusableLaunch(session, tokenRef, store.clock().instant());
        if (reusable.isPresent()) {
            return new Resumed(session, reusable.get());
        }
        VerificationProvider.ResumeGrant grant = provider.resume(new VerificationProvider.ResumeRequest(
                session.id(), session.providerRef(), session.subject(), session.template(),
                new IdempotencyKey("resume:" + session.id() + ":" + session.version())));
        Instant now = store.clock().instant();
        SignalOutcome.Changed resumed = session.resumed(provider.capabilities(), grant.snapshot(), now);
        VerificationSession saved = store.inTransaction().run(() -> {
            VerificationSession stored = store.sessions().save(resumed.session());
            store.notifications().enqueue(session.tenant(), resumed.events());
            grant.launch().token().ifPresent(token -> store.vault().store(tokenRef,
                    KeptResumeToken.issued(token, grant.launch(), stored.providerRef(), now).seal()));
            return stored;
        });
        return new Resumed(saved, grant.launch());
    }

    private Optional<ClientLaunch> reusableLaunch(VerificationSession session, SecretVault.SecretRef tokenRef,
            Instant now) {
        boolean openSinceTheLastResume = switch (session.state()) {
            case CREATED, IN_PROGRESS -> true;
            case ABANDONED, SUBMITTED, DECIDED, EXPIRED, CANCELED -> false;
        };
        if (tokenReuse.isZero() || !openSinceTheLastResume) {
            return Optional.empty();
        }
        return store.vault().read(tokenRef).map(KeptResumeToken::unseal)
                .flatMap(kept -> kept.reusableLaunch(session.providerRef(), now, tokenReuse, MINIMUM_VALIDITY));
    }
}
