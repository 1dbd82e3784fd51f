package io.veriflow.app.security;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import java.util.Objects;

/**
 * The authenticated caller of a request, resolved from its credentials by {@code ApiKeyAuthenticationFilter} and
 * stored as the request attribute {@link #ATTRIBUTE}. Controllers take it as {@code @RequestAttribute(Caller.ATTRIBUTE)}.
 */
public sealed interface Caller {

    String ATTRIBUTE = "veriflow.caller";

    /** A product team's backend, authenticated by one of its API keys: may do anything within its tenant. */
    record TenantCaller(TenantId tenant) implements Caller {
        public TenantCaller {
            Objects.requireNonNull(tenant, "tenant must not be null");
        }
    }

    /**
     * A browser or mobile app, authenticated by the client secret of one session: may only post client callbacks for
     * that session.
     */
    record SessionClient(TenantId tenant, SessionId session) implements Caller {
        public SessionClient {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(session, "session must not be null");
        }
    }

    /** The platform's operator, authenticated by the operator key from configuration: manages tenants and keys. */
    record Operator() implements Caller {
    }

    /** The tenant this caller acts for; operators act for none. */
    default java.util.Optional<TenantId> actingFor() {
        return switch (this) {
            case TenantCaller caller -> java.util.Optional.of(caller.tenant());
            case SessionClient client -> java.util.Optional.of(client.tenant());
            case Operator operator -> java.util.Optional.empty();
        };
    }
}
