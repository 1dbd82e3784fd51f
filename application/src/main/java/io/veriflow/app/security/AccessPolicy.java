package io.veriflow.app.security;

import io.micronaut.http.HttpMethod;
import io.veriflow.domain.model.SessionId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call what, decided on the request path alone, before any controller runs. The whole policy:
 * <ul>
 *   <li>{@link Area#PUBLIC} ({@code /health}, {@code /swagger-ui}, {@code /swagger}, {@code /openapi},
 *       {@code /webhooks}, {@code /sandbox}, each with everything below it): anyone, without credentials. The
 *       offline provider sandboxes exist only when a provider has no credentials configured (development), and
 *       their API is called by the adapters themselves, which hold no Veriflow credential. Provider webhooks are
 *       authenticated by their adapters' signature checks instead.</li>
 *   <li>{@link Area#ADMIN} ({@code /admin/**}): the operator only; tenants and session clients are forbidden.</li>
 *   <li>{@link Area#API} ({@code /v1/**}): a tenant (which then sees only its own data); a session client only on
 *       {@code POST /v1/sessions/{its own session}/callbacks} (another session's callbacks path answers 404, so it
 *       learns nothing; anything else is forbidden); the operator is forbidden.</li>
 *   <li>{@link Area#OTHER} (everything else): default deny, credentials required; a tenant passes (and gets the
 *       router's 404), the others are forbidden.</li>
 * </ul>
 * Paths are judged by their segments, with empty segments ignored (so {@code //admin} is {@code /admin}), and the
 * areas {@code v1} and {@code admin} are recognised in any letter case. A path with a {@code .} or {@code ..}
 * segment or a backslash is refused outright (browsers never send one), so no path can be read one way here and
 * another way by the router.
 */
final class AccessPolicy {

    /** The parts of the URL space that differ in who may call them. */
    enum Area {
        PUBLIC, API, ADMIN, OTHER
    }

    /** The outcome for an authenticated caller. */
    enum Verdict {
        ALLOW, FORBIDDEN, NOT_FOUND
    }

    /** A request path, split into its non-empty segments. */
    record Target(Area area, List<String> segments) {
    }

    private static final Set<String> PUBLIC_ROOTS = Set.of("health", "swagger-ui", "swagger", "openapi", "webhooks", "sandbox");
    private static final String API_ROOT = "v1";
    private static final String ADMIN_ROOT = "admin";

    private AccessPolicy() {
    }

    /** The target of a request path; empty for a path that must not be routed at all (dot segments, backslash). */
    static Optional<Target> target(String path) {
        if (path == null || path.indexOf('\\') >= 0) {
            return Optional.empty();
        }
        List<String> segments = Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
        if (segments.stream().anyMatch(segment -> segment.equals(".") || segment.equals(".."))) {
            return Optional.empty();
        }
        if (segments.isEmpty()) {
            return Optional.of(new Target(Area.OTHER, segments));
        }
        String root = segments.getFirst();
        Area area;
        if (PUBLIC_ROOTS.contains(root)) {
            area = Area.PUBLIC;
        } else if (root.toLowerCase(Locale.ROOT).equals(API_ROOT)) {
            area = Area.API;
        } else if (root.toLowerCase(Locale.ROOT).equals(ADMIN_ROOT)) {
            area = Area.ADMIN;
        } else {
            area = Area.OTHER;
        }
        return Optional.of(new Target(area, segments));
    }

    /** Whether an authenticated caller may make this request. Not for {@link Area#PUBLIC}, which needs no caller. */
    static Verdict decide(Caller caller, HttpMethod method, Target target) {
        return switch (caller) {
            case Caller.Operator operator -> target.area() == Area.ADMIN ? Verdict.ALLOW : Verdict.FORBIDDEN;
            case Caller.TenantCaller tenant -> target.area() == Area.ADMIN ? Verdict.FORBIDDEN : Verdict.ALLOW;
            case Caller.SessionClient client -> decideForSessionClient(client, method, target);
        };
    }

    private static Verdict decideForSessionClient(Caller.SessionClient client, HttpMethod method, Target target) {
        List<String> segments = target.segments();
        boolean callbacksPath = target.area() == Area.API
                && segments.size() == 4
                && segments.get(0).equals(API_ROOT)
                && segments.get(1).equals("sessions")
                && segments.get(3).equals("callbacks");
        if (!callbacksPath) {
            return Verdict.FORBIDDEN;
        }
        if (!isSession(segments.get(2), client.session())) {
            return Verdict.NOT_FOUND;
        }
        return method == HttpMethod.POST ? Verdict.ALLOW : Verdict.FORBIDDEN;
    }

    private static boolean isSession(String segment, SessionId session) {
        try {
            return SessionId.parse(segment).equals(session);
        } catch (IllegalArgumentException notASessionId) {
            return false;
        }
    }
}
