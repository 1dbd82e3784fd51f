package io.veriflow.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.veriflow.app.security.AccessPolicy.Area;
import io.veriflow.app.security.AccessPolicy.Verdict;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The access policy, rule by rule. */
class AccessPolicyTest {

    private static final TenantId TENANT = new TenantId("acme");
    private static final SessionId SESSION = SessionId.parse("01950d3e-5f00-7000-8000-000000000001");
    private static final SessionId OTHER = SessionId.parse("01950d3e-5f00-7000-8000-000000000002");
    private static final Caller TENANT_CALLER = new Caller.TenantCaller(TENANT);
    private static final Caller CLIENT = new Caller.SessionClient(TENANT, SESSION);
    private static final Caller OPERATOR = new Caller.Operator();

    @ParameterizedTest
    @CsvSource({
            "/health, PUBLIC", "/health/readiness, PUBLIC", "/swagger-ui/index.html, PUBLIC",
            "/swagger/veriflow.yml, PUBLIC", "/openapi/x, PUBLIC", "/webhooks/plaid, PUBLIC", "/sandbox/persona/api/v1/inquiries, PUBLIC",
            "/v1, API", "/v1/sessions, API", "//v1//sessions, API", "/V1/sessions, API",
            "/admin, ADMIN", "/admin/tenants, ADMIN", "//admin/tenants/, ADMIN", "/Admin/tenants, ADMIN",
            "/, OTHER", "/healthz, OTHER", "/v2/sessions, OTHER", "/Health, OTHER", "/favicon.ico, OTHER"})
    void pathsFallIntoAreas(String path, Area area) {
        assertThat(AccessPolicy.target(path)).hasValueSatisfying(target -> assertThat(target.area()).isEqualTo(area));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/../admin/tenants", "/v1/./sessions", "/webhooks/..", "/v1\\sessions", "/.."})
    void pathsWithDotSegmentsOrBackslashesAreNotRoutedAtAll(String path) {
        assertThat(AccessPolicy.target(path)).isEmpty();
    }

    @Test
    void theOperatorMayOnlyUseTheAdminApi() {
        assertThat(decide(OPERATOR, HttpMethod.POST, "/admin/tenants")).isEqualTo(Verdict.ALLOW);
        assertThat(decide(OPERATOR, HttpMethod.GET, "/v1/sessions")).isEqualTo(Verdict.FORBIDDEN);
        assertThat(decide(OPERATOR, HttpMethod.GET, "/elsewhere")).isEqualTo(Verdict.FORBIDDEN);
    }

    @Test
    void aTenantMayUseTheTenantApiButNotTheAdminApi() {
        assertThat(decide(TENANT_CALLER, HttpMethod.GET, "/v1/sessions")).isEqualTo(Verdict.ALLOW);
        assertThat(decide(TENANT_CALLER, HttpMethod.POST, "/v1/sessions/" + OTHER + "/callbacks"))
                .isEqualTo(Verdict.ALLOW);
        assertThat(decide(TENANT_CALLER, HttpMethod.GET, "/elsewhere")).isEqualTo(Verdict.ALLOW);
        assertThat(decide(TENANT_CALLER, HttpMethod.POST, "/admin/tenants")).isEqualTo(Verdict.FORBIDDEN);
        assertThat(decide(TENANT_CALLER, HttpMethod.POST, "//ADMIN/tenants")).isEqualTo(Verdict.FORBIDDEN);
    }

    @Test
    void aSessionClientMayOnlyPostItsOwnSessionsCallbacks() {
        assertThat(decide(CLIENT, HttpMethod.POST, "/v1/sessions/" + SESSION + "/callbacks")).isEqualTo(Verdict.ALLOW);
        assertThat(decide(CLIENT, HttpMethod.POST, "/v1/sessions/" + SESSION.toString().toUpperCase() + "/callbacks"))
                .as("the same id in upper case").isEqualTo(Verdict.ALLOW);
        assertThat(decide(CLIENT, HttpMethod.POST, "/v1/sessions/" + SESSION + "/callbacks/")).isEqualTo(Verdict.ALLOW);
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /v1/sessions/01950d3e-5f00-7000-8000-000000000001/callbacks",
            "PUT, /v1/sessions/01950d3e-5f00-7000-8000-000000000001/callbacks",
            "DELETE, /v1/sessions/01950d3e-5f00-7000-8000-000000000001/callbacks",
            "GET, /v1/sessions/01950d3e-5f00-7000-8000-000000000001",
            "POST, /v1/sessions/01950d3e-5f00-7000-8000-000000000001/resume",
            "POST, /v1/sessions/01950d3e-5f00-7000-8000-000000000001/callbacks/more",
            "POST, /v1/sessions",
            "GET, /v1/sessions",
            "POST, /V1/sessions/01950d3e-5f00-7000-8000-000000000001/callbacks",
            "POST, /admin/tenants",
            "GET, /elsewhere"})
    void anythingElseIsForbiddenToASessionClient(HttpMethod method, String path) {
        assertThat(decide(CLIENT, method, path)).isEqualTo(Verdict.FORBIDDEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/v1/sessions/01950d3e-5f00-7000-8000-000000000002/callbacks",
            "/v1/sessions/01950d3e-5f00-4000-8000-000000000001/callbacks",
            "/v1/sessions/not-a-session/callbacks",
            "/v1/sessions/01950d3e5f0070008000000000000001/callbacks"})
    void anotherSessionsCallbacksAreNotFoundForASessionClient(String path) {
        assertThat(decide(CLIENT, HttpMethod.POST, path)).isEqualTo(Verdict.NOT_FOUND);
        assertThat(decide(CLIENT, HttpMethod.GET, path)).isEqualTo(Verdict.NOT_FOUND);
    }

    private static Verdict decide(Caller caller, HttpMethod method, String path) {
        return AccessPolicy.decide(caller, method, AccessPolicy.target(path).orElseThrow());
    }
}
