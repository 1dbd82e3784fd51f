package io.veriflow.app.work;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The session queries the timers need: bounded, index-backed, across tenants. */
public interface SessionSweeps {

    /**
     * Sessions that are open or awaiting a decision (created, in progress, abandoned, submitted, or decided as needing
     * review), unchanged since before {@code unchangedSince}, whose current attempt has a confirmed provider reference,
     * and that have no unfinished reconcile task nor one finished at or after {@code unchangedSince}. Longest unchanged
     * first.
     */
    List<SilentSession> silentSessions(Instant unchangedSince, int limit);

    /** The providers that have sessions in an open state (created, in progress, abandoned). */
    List<ProviderId> providersWithOpenSessions();

    /**
     * One provider's sessions in an open state whose current attempt was opened (or last resumed) at or before
     * {@code openedBy} and was not expired by the platform yet. Oldest first.
     */
    List<SessionKey> openSessionsOpenedBy(ProviderId provider, Instant openedBy, int limit);

    /** A session and the confirmed provider reference of its current attempt. */
    record SilentSession(TenantId tenant, SessionId session, ProviderRef ref) {
        public SilentSession {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(session, "session must not be null");
            Objects.requireNonNull(ref, "ref must not be null");
        }
    }

    /** A session's identity. */
    record SessionKey(TenantId tenant, SessionId session) {
        public SessionKey {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(session, "session must not be null");
        }
    }
}
