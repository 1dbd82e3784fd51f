package io.veriflow.app.security;

import static io.veriflow.app.security.Fixtures.aFreshTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API keys through real HTTP: each key acts for its own tenant; revoked, expired, unknown, wrong and malformed keys
 * all get the same 401; keys are stored only as digests; the tenant API and the admin API keep their callers apart.
 */
@MicronautTest(transactional = false)
@Property(name = CallerEchoFilter.ENABLED, value = "true")
@Property(name = MovableClock.ENABLED, value = "true")
@Property(name = OperatorKey.PROPERTY, value = Fixtures.OPERATOR_KEY)
@Property(name = DevelopmentTenant.ENABLED, value = "false")
class ApiKeysAuthenticateTheirTenantIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Tenants tenants;

    @Inject
    MovableClock clock;

    @Inject
    ApplicationContext context;

    private DataSource dataSource;

    @Inject
    JsonMapper json;

    @BeforeEach
    void plainJdbc() {
        dataSource = Fixtures.plainDataSource(context);
    }

    @Test
    void eachKeyActsForItsOwnTenant() {
        TenantId a = aFreshTenant();
        TenantId b = aFreshTenant();
        IssuedApiKey keyOfA = tenants.create(a, "Tenant A", Optional.empty());
        IssuedApiKey keyOfB = tenants.create(b, "Tenant B", Optional.empty());

        Map<String, Object> asA = whoAmI(keyOfA.key().reveal());
        Map<String, Object> asB = whoAmI(keyOfB.key().reveal());

        assertThat(asA).containsEntry("kind", "tenant").containsEntry("tenant", a.value());
        assertThat(asB).containsEntry("kind", "tenant").containsEntry("tenant", b.value());
    }

    @Test
    void everyKeyOfATenantWorksUntilRevoked() {
        TenantId tenant = aFreshTenant();
        IssuedApiKey first = tenants.create(tenant, "Tenant", Optional.empty());
        IssuedApiKey second = tenants.issueKey(tenant, Optional.empty());
        assertThat(whoAmI(first.key().reveal())).containsEntry("tenant", tenant.value());

        assertThat(tenants.revoke(tenant, first.prefix())).isTrue();

        unauthenticated(get("/v1/whoami", first.key().reveal()));
        assertThat(whoAmI(second.key().reveal())).containsEntry("tenant", tenant.value());
        assertThat(tenants.revoke(aFreshTenant(), second.prefix())).as("another tenant's prefix").isFalse();
        assertThat(whoAmI(second.key().reveal())).containsEntry("tenant", tenant.value());
    }

    @Test
    void aKeyStopsWorkingWhenItExpires() {
        TenantId tenant = aFreshTenant();
        IssuedApiKey key = tenants.create(tenant, "Tenant", Optional.of(clock.instant().plus(Duration.ofHours(1))));
        assertThat(whoAmI(key.key().reveal())).containsEntry("tenant", tenant.value());

        clock.advance(Duration.ofMinutes(59));
        assertThat(whoAmI(key.key().reveal())).containsEntry("tenant", tenant.value());

        clock.advance(Duration.ofMinutes(1));
        unauthenticated(get("/v1/whoami", key.key().reveal()));
    }

    @Test
    void aDisabledTenantsKeysStopWorking() throws Exception {
        TenantId tenant = aFreshTenant();
        IssuedApiKey key = tenants.create(tenant, "Tenant", Optional.empty());

        Fixtures.execute(dataSource, "UPDATE tenant SET disabled_at = now() WHERE id = ?", tenant.value());

        unauthenticated(get("/v1/whoami", key.key().reveal()));
    }

    @Test
    void anUnknownPrefixAndAWrongSecretGetTheSameAnswer() {
        IssuedApiKey key = tenants.create(aFreshTenant(), "Tenant", Optional.empty());
        String real = key.key().reveal();
        String wrongSecret = real.substring(0, real.length() - 4) + flip(real.substring(real.length() - 4));
        String unknownPrefix = "vfk_" + flip(key.prefix()) + real.substring(4 + key.prefix().length());

        Http.Reply toWrongSecret = get("/v1/whoami", wrongSecret);
        Http.Reply toUnknownPrefix = get("/v1/whoami", unknownPrefix);

        unauthenticated(toWrongSecret);
        unauthenticated(toUnknownPrefix);
        assertThat(toWrongSecret).isEqualTo(toUnknownPrefix);
        assertThat(toWrongSecret.body()).doesNotContain(key.prefix()).doesNotContain(Fixtures.secretPart(real));
    }

    @Test
    void missingMalformedAndForeignCredentialsAre401() {
        String key = tenants.create(aFreshTenant(), "Tenant", Optional.empty()).key().reveal();

        Http.Reply none = Http.call(client, HttpRequest.GET("/v1/whoami"));
        assertThat(unauthenticated(none).challenge()).contains(Problems.CHALLENGE);

        for (String authorization : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token " + key, key,
                "Bearer vfk_short", "Bearer " + key + "x", "Bearer " + key.toUpperCase(java.util.Locale.ROOT),
                "Bearer vfcs_" + key.substring(4), "Bearer " + Fixtures.OPERATOR_KEY.substring(1))) {
            Http.Reply reply = Http.call(client, HttpRequest.GET("/v1/whoami").header("Authorization", authorization));
            unauthenticated(reply);
            assertThat(reply.body()).isEqualTo(none.body());
        }
        assertThat(Http.call(client, HttpRequest.GET("/v1/whoami").header("Authorization", "bEaReR  " + key)).status())
                .as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void keysAreStoredOnlyAsTheirDigests() throws Exception {
        TenantId tenant = aFreshTenant();
        IssuedApiKey key = tenants.create(tenant, "Tenant", Optional.empty());
        String secret = Fixtures.secretPart(key.key().reveal());

        byte[] stored = Fixtures.digest(dataSource,
                "SELECT hash FROM api_key WHERE tenant_id = ? AND prefix = ?", tenant.value(), key.prefix());
        List<String> rows = Fixtures.texts(dataSource,
                "SELECT row_to_json(k)::text FROM api_key k WHERE tenant_id = ?", tenant.value());

        assertThat(stored).isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest(key.key().reveal().getBytes(StandardCharsets.UTF_8)));
        assertThat(rows).hasSize(1).allSatisfy(row -> assertThat(row).contains(key.prefix()).doesNotContain(secret));
    }

    @Test
    void aTenantKeyCannotReachTheAdminApi() {
        String key = tenants.create(aFreshTenant(), "Tenant", Optional.empty()).key().reveal();

        Http.Reply reply = Http.call(client,
                HttpRequest.POST("/admin/tenants", Map.of("id", "intruder", "display_name", "x")), key);

        reply.problem(json, 403, Problems.FORBIDDEN);
        assertThat(tenants.authenticate(key)).isPresent();
    }

    @Test
    void theOperatorKeyCannotReachTheTenantApi() {
        Http.Reply reply = get("/v1/whoami", Fixtures.OPERATOR_KEY);

        reply.problem(json, 403, Problems.FORBIDDEN);
    }

    @Test
    void publicPathsNeedNoCredentialsAndEverythingElseDoes() {
        String key = tenants.create(aFreshTenant(), "Tenant", Optional.empty()).key().reveal();

        assertThat(Http.call(client, HttpRequest.GET("/health")).status()).isEqualTo(200);
        unauthenticated(Http.call(client, HttpRequest.GET("/somewhere-else")));
        assertThat(get("/somewhere-else", key).status()).as("a tenant gets the router's answer").isEqualTo(404);
    }

    @Test
    void pathsAreJudgedBySegmentsSoExtraSlashesDoNotDodgeThePolicy() {
        String key = tenants.create(aFreshTenant(), "Tenant", Optional.empty()).key().reveal();

        unauthenticated(Http.call(client, HttpRequest.GET("//v1//whoami")));
        get("//admin//tenants", key).problem(json, 403, Problems.FORBIDDEN);
        get("/ADMIN/tenants", key).problem(json, 403, Problems.FORBIDDEN);
        Http.call(client, HttpRequest.GET("/health/../admin/tenants")).problem(json, 404, Problems.NOT_FOUND);
    }

    private Map<String, Object> whoAmI(String key) {
        Http.Reply reply = get("/v1/whoami", key);
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(200);
        return reply.json(json);
    }

    private Http.Reply get(String path, String key) {
        return Http.call(client, HttpRequest.GET(path), key);
    }

    private Http.Reply unauthenticated(Http.Reply reply) {
        reply.problem(json, 401, Problems.UNAUTHENTICATED);
        assertThat(reply.challenge()).hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        return reply;
    }

    /** The same characters, each replaced by another of the same alphabet class, so the shape stays valid. */
    private static String flip(String text) {
        StringBuilder flipped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            flipped.append(switch (c) {
                case 'a' -> 'b';
                case '2' -> '3';
                case '7' -> '6';
                case 'z' -> 'y';
                case 'Z' -> 'Y';
                case '9' -> '8';
                default -> Character.isDigit(c) ? (char) (c + 1) : (char) (c == 'y' ? 'x' : c == 'Y' ? 'X' : c + 1);
            });
        }
        return flipped.toString();
    }
}
