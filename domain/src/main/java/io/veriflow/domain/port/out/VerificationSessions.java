package io.veriflow.domain.port.out;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.SessionPage;
import io.veriflow.domain.session.SessionQuery;
import io.veriflow.domain.session.VerificationSession;
import java.util.Optional;

/** The sessions repository. Implementations check {@link VerificationSession#version()} optimistically. */
public interface VerificationSessions {

    /** Stores a new session (its version must be 0) and returns it as stored. */
    VerificationSession add(VerificationSession session);

    /**
     * Stores a changed session if nobody else changed it since it was loaded, and returns it with the next version.
     *
     * @throws ConcurrentSessionUpdate if the stored version is not {@code session.version()}
     */
    VerificationSession save(VerificationSession session);

    /** One tenant's session; another tenant's id is simply not found. */
    Optional<VerificationSession> find(TenantId tenant, SessionId id);

    /**
     * The session that owns a provider attempt, across tenants: webhooks name only the provider's id. Any attempt of
     * the session matches, not only the current one.
     */
    Optional<VerificationSession> findByProviderRef(ProviderId provider, ProviderRef ref);

    SessionPage search(SessionQuery query);
}
