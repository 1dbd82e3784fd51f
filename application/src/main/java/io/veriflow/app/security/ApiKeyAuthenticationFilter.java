package io.veriflow.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request that is not public and enforces {@link AccessPolicy} before any controller runs.
 *
 * <p>The credential is an {@code Authorization: Bearer <token>} header: an API key ({@code vfk_...}, resolved by
 * {@link Tenants}) makes a {@link Caller.TenantCaller}, a client secret ({@code vfcs_...}, resolved by
 * {@link ClientSecrets}) a {@link Caller.SessionClient}, and the configured {@link OperatorKey} the
 * {@link Caller.Operator}. The caller is stored as the request attribute {@link Caller#ATTRIBUTE}.
 *
 * <p>Answers, all {@code application/problem+json}: no or an invalid credential, 401 {@code unauthenticated} with a
 * {@code WWW-Authenticate: Bearer} challenge, the same body whatever was wrong (unknown prefix, wrong secret,
 * revoked, expired, disabled tenant); a caller the policy does not allow, 403 {@code forbidden}, or 404
 * {@code not-found} where even a 403 would say too much; {@code /admin/**} while no operator key is configured, 404.
 * Logs name a credential by its public prefix only.
 *
 * <p>CORS preflights never get here: Micronaut's CORS filter runs earlier and answers them (with
 * {@code micronaut.server.cors} configured, a browser front end can post callbacks cross-origin).
 *
 * <p>The lookups are blocking JDBC, so the filter runs on the blocking executor.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiKeyAuthenticationFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);
    private static final String BEARER = "bearer ";

    private final Tenants tenants;
    private final ClientSecrets clientSecrets;
    private final OperatorKey operatorKey;

    ApiKeyAuthenticationFilter(Tenants tenants, ClientSecrets clientSecrets, OperatorKey operatorKey) {
        this.tenants = tenants;
        this.clientSecrets = clientSecrets;
        this.operatorKey = operatorKey;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    MutableHttpResponse<?> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        Optional<AccessPolicy.Target> found = AccessPolicy.target(path);
        if (found.isEmpty()) {
            return Problems.notFound(path);
        }
        AccessPolicy.Target target = found.get();
        if (target.area() == AccessPolicy.Area.PUBLIC) {
            return null;
        }
        if (target.area() == AccessPolicy.Area.ADMIN && !operatorKey.configured()) {
            return Problems.notFound(path);
        }
        Optional<String> token = bearerToken(request);
        Optional<Caller> caller = token.flatMap(this::resolve);
        if (caller.isEmpty()) {
            LOG.debug("401 for {} {}: {}", request.getMethod(), path, token.map(ApiKeyAuthenticationFilter::describe)
                    .map(described -> "invalid credential " + described).orElse("no bearer token"));
            return Problems.unauthenticated(path, token.isPresent());
        }
        return switch (AccessPolicy.decide(caller.get(), request.getMethod(), target)) {
            case ALLOW -> {
                request.setAttribute(Caller.ATTRIBUTE, caller.get());
                yield null;
            }
            case FORBIDDEN -> {
                LOG.debug("403 for {} {}: {} is not allowed", request.getMethod(), path, kindOf(caller.get()));
                yield Problems.forbidden(path);
            }
            case NOT_FOUND -> {
                LOG.debug("404 for {} {}: {} is not allowed", request.getMethod(), path, kindOf(caller.get()));
                yield Problems.notFound(path);
            }
        };
    }

    private Optional<Caller> resolve(String token) {
        if (Credentials.Kind.API_KEY.claims(token)) {
            return tenants.authenticate(token).map(Caller.class::cast);
        }
        if (Credentials.Kind.CLIENT_SECRET.claims(token)) {
            return clientSecrets.authenticate(token).map(Caller.class::cast);
        }
        return operatorKey.matches(token) ? Optional.of(new Caller.Operator()) : Optional.empty();
    }

    /** The token of an {@code Authorization: Bearer} header (scheme in any case), if there is a non-empty one. */
    static Optional<String> bearerToken(HttpRequest<?> request) {
        return request.getHeaders().findFirst(HttpHeaders.AUTHORIZATION)
                .map(String::strip)
                .filter(value -> value.length() > BEARER.length()
                        && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER))
                .map(value -> value.substring(BEARER.length()).strip())
                .filter(value -> !value.isEmpty());
    }

    /** What may be logged about a presented token: its kind and public prefix when it has the shape, nothing else. */
    private static String describe(String token) {
        for (Credentials.Kind kind : Credentials.Kind.values()) {
            if (kind.claims(token)) {
                String afterMarker = token.substring(kind.marker().length());
                String prefix = afterMarker.length() >= Credentials.PREFIX_LENGTH
                        ? afterMarker.substring(0, Credentials.PREFIX_LENGTH)
                        : "";
                return Credentials.PREFIX.matcher(prefix).matches()
                        ? kind.marker() + prefix + "_..."
                        : "(malformed " + kind.marker() + "...)";
            }
        }
        return "(not an issued credential)";
    }

    private static String kindOf(Caller caller) {
        return switch (caller) {
            case Caller.TenantCaller tenant -> "tenant " + tenant.tenant();
            case Caller.SessionClient client -> "the client of session " + client.session();
            case Caller.Operator operator -> "the operator";
        };
    }
}
