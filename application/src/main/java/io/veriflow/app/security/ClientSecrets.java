package io.veriflow.app.security;

import io.veriflow.domain.model.Secret;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import java.util.Optional;

/**
 * Client secrets: one per session, safe to hand to a browser or app, good only for posting that session's client
 * callbacks. Stored as a hash.
 */
public interface ClientSecrets {

    /** Issues (or re-issues, replacing the previous one) the client secret of a session. */
    Secret issue(TenantId tenant, SessionId session);

    /** The session a presented client secret is good for. */
    Optional<Caller.SessionClient> authenticate(String presentedSecret);
}
