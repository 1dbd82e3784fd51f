package io.veriflow.app.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test stand-in for every {@code /v1/**} endpoint: runs right after {@link ApiKeyAuthenticationFilter} and answers
 * 200 with the {@link Caller} it resolved, so the security tests need no real controller (and do not clash with the
 * real callbacks endpoint once it exists). Only active in contexts that set {@value #ENABLED}.
 */
@ServerFilter("/v1/**")
@Requires(property = CallerEchoFilter.ENABLED, value = "true")
final class CallerEchoFilter implements Ordered {

    static final String ENABLED = "veriflow.test.caller-echo";

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    MutableHttpResponse<Map<String, String>> echo(HttpRequest<?> request) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("method", request.getMethodName());
        body.put("path", request.getPath());
        request.getAttribute(Caller.ATTRIBUTE, Caller.class).ifPresentOrElse(caller -> {
            switch (caller) {
                case Caller.TenantCaller tenant -> {
                    body.put("kind", "tenant");
                    body.put("tenant", tenant.tenant().value());
                }
                case Caller.SessionClient client -> {
                    body.put("kind", "session-client");
                    body.put("tenant", client.tenant().value());
                    body.put("session", client.session().toString());
                }
                case Caller.Operator operator -> body.put("kind", "operator");
            }
        }, () -> body.put("kind", "none"));
        return HttpResponse.ok(body);
    }
}
