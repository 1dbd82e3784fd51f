package io.veriflow.domain.port.in;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.session.SessionPage;
import io.veriflow.domain.session.SessionQuery;
import io.veriflow.domain.session.VerificationSession;
import java.util.List;
import java.util.Optional;

/** Reads a tenant's sessions. Another tenant's session is never found. */
public interface FindSessions {

    Optional<VerificationSession> byId(TenantId tenant, SessionId session);

    SessionPage search(SessionQuery query);

    /** Every signal the session received, with its authority and what it changed; empty if the session is unknown. */
    Optional<List<SignalLog.Entry>> timeline(TenantId tenant, SessionId session);
}
