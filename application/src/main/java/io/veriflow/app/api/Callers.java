package io.veriflow.app.api;

import io.micronaut.core.annotation.Nullable;
import io.veriflow.app.http.ProblemType;
import io.veriflow.app.security.Caller;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;

/** Who may call what: the tenant a request acts for, from the {@link Caller} the authentication filter resolved. */
final class Callers {

    private Callers() {
    }

    /** A tenant's backend (API key): the only caller that may read and drive sessions. */
    static TenantId tenant(@Nullable Caller caller) {
        return switch (caller) {
            case null -> throw ProblemType.UNAUTHENTICATED.exception("Present the tenant's API key.");
            case Caller.TenantCaller tenantCaller -> tenantCaller.tenant();
            case Caller.SessionClient client ->
                    throw ProblemType.FORBIDDEN.exception("A client secret may only post its session's callbacks.");
            case Caller.Operator operator ->
                    throw ProblemType.FORBIDDEN.exception("Operators manage tenants; sessions belong to tenants.");
        };
    }

    /** A tenant's backend, or the front end holding this session's client secret. */
    static TenantId tenantOrClientOf(@Nullable Caller caller, SessionId session) {
        return switch (caller) {
            case null -> throw ProblemType.UNAUTHENTICATED.exception(
                    "Present the session's client secret or the tenant's API key.");
            case Caller.TenantCaller tenantCaller -> tenantCaller.tenant();
            case Caller.SessionClient client -> {
                if (!client.session().equals(session)) {
                    throw ProblemType.FORBIDDEN.exception("This client secret belongs to another session.");
                }
                yield client.tenant();
            }
            case Caller.Operator operator ->
                    throw ProblemType.FORBIDDEN.exception("Operators manage tenants; sessions belong to tenants.");
        };
    }
}
