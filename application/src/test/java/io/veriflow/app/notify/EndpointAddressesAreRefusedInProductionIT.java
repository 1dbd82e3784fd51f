package io.veriflow.app.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.http.Problem;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Under the production rules (no development settings) an endpoint must be https and resolve to public addresses
 * only: loopback, private, link-local and metadata addresses, non-canonical numeric hosts and plain http are refused
 * at registration with {@code 422} at {@code /url} and the rule in {@code reason}. IP literals only: no DNS needed.
 */
@MicronautTest(transactional = false)
@Property(name = "veriflow.notifications.delivery.enabled", value = "false")
class EndpointAddressesAreRefusedInProductionIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    @ParameterizedTest
    @CsvSource({
            "https://10.1.2.3/hooks, forbidden_address, a private address",
            "https://192.168.1.20:8443/hooks, forbidden_address, a private address",
            "https://127.0.0.1:8443/hooks, forbidden_address, a loopback address",
            "https://[::1]/hooks, forbidden_address, a loopback address",
            "https://169.254.169.254/latest/meta-data, forbidden_address, a cloud metadata address",
            "https://[fd00:ec2::254]/latest, forbidden_address, a cloud metadata address",
            "https://2130706433/hooks, non_canonical_address, dotted-quad",
            "http://93.184.215.14/hooks, scheme_not_allowed, https",
            "https://user:pw@93.184.215.14/hooks, userinfo_not_allowed, user information"})
    void anEndpointOutsideTheRulesIsRefusedAtRegistration(String url, String reason, String detailMentions) {
        EndpointsApi api = new EndpointsApi(client, json, tenants);
        TenantId tenant = api.aTenant();

        var refused = api.post(tenant, EndpointsApi.BASE, Map.of("url", url));

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(refused.errors()).as(refused.toString()).extracting(error -> error.get("pointer"))
                .containsExactly("/url");
        assertThat(refused.field("reason")).isEqualTo(reason);
        assertThat(refused.field("detail")).contains(detailMentions);
        assertThat(refused.body()).doesNotContain(url);
        assertThat(api.get(tenant, EndpointsApi.BASE).data()).isEmpty();
    }
}
