package io.veriflow.app.usecase;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.FindSessions;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.session.SessionPage;
import io.veriflow.domain.session.SessionQuery;
import io.veriflow.domain.session.VerificationSession;
import java.util.List;
import java.util.Optional;

/** Reads sessions and timelines, always within one tenant. */
public final class FindSessionsUseCase implements FindSessions {

    private final SessionStore store;

    public FindSessionsUseCase(SessionStore store) {
        this.store = store;
    }

    @Override
    public Optional<VerificationSession> byId(TenantId tenant, SessionId session) {
        return store.sessions().find(tenant, session);
    }

    @Override
    public SessionPage search(SessionQuery query) {
        return store.sessions().search(query);
    }

    @Override
    public Optional<List<SignalLog.Entry>> timeline(TenantId tenant, SessionId session) {
        return store.sessions().find(tenant, session).map(found -> store.signals().timeline(tenant, session));
    }
}
