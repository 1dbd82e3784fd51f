package io.veriflow.app.notify.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.veriflow.app.notify.NotificationProperties;
import io.veriflow.app.notify.endpoint.EndpointCheck.Allowed;
import io.veriflow.app.notify.endpoint.EndpointCheck.Refused;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF rules, table by table, with a fixed DNS. */
class EndpointAddressPolicyTest {

    private final EndpointAddressPolicy strict =
            new EndpointAddressPolicy(FixedHostResolver.internet(), NotificationProperties.defaults());
    private final EndpointAddressPolicy development = new EndpointAddressPolicy(FixedHostResolver.internet(),
            NotificationProperties.defaults().withAllowPrivateEndpoints(true).withAllowHttpEndpoints(true));

    static Stream<Arguments> forbiddenAddresses() {
        return Stream.of(
                arguments("https://127.0.0.1/hook", AddressCategory.LOOPBACK),
                arguments("https://127.255.255.254/hook", AddressCategory.LOOPBACK),
                arguments("https://[::1]/hook", AddressCategory.LOOPBACK),
                arguments("https://0.0.0.0/hook", AddressCategory.UNSPECIFIED),
                arguments("https://0.1.2.3/hook", AddressCategory.UNSPECIFIED),
                arguments("https://[::]/hook", AddressCategory.UNSPECIFIED),
                arguments("https://10.0.0.1/hook", AddressCategory.PRIVATE),
                arguments("https://10.255.255.255/hook", AddressCategory.PRIVATE),
                arguments("https://172.16.0.1/hook", AddressCategory.PRIVATE),
                arguments("https://172.31.255.255/hook", AddressCategory.PRIVATE),
                arguments("https://192.168.1.1/hook", AddressCategory.PRIVATE),
                arguments("https://[fc00::1]/hook", AddressCategory.PRIVATE),
                arguments("https://[fd12:3456:789a::1]/hook", AddressCategory.PRIVATE),
                arguments("https://[fec0::1]/hook", AddressCategory.PRIVATE),
                arguments("https://100.64.0.1/hook", AddressCategory.SHARED),
                arguments("https://100.127.255.255/hook", AddressCategory.SHARED),
                arguments("https://169.254.0.1/hook", AddressCategory.LINK_LOCAL),
                arguments("https://169.254.255.255/hook", AddressCategory.LINK_LOCAL),
                arguments("https://[fe80::1]/hook", AddressCategory.LINK_LOCAL),
                arguments("https://[febf:ffff::1]/hook", AddressCategory.LINK_LOCAL),
                arguments("https://169.254.169.254/latest/meta-data/", AddressCategory.CLOUD_METADATA),
                arguments("https://169.254.170.2/v2/credentials", AddressCategory.CLOUD_METADATA),
                arguments("https://100.100.100.200/latest/meta-data/", AddressCategory.CLOUD_METADATA),
                arguments("https://168.63.129.16/machine", AddressCategory.CLOUD_METADATA),
                arguments("https://[fd00:ec2::254]/latest/meta-data/", AddressCategory.CLOUD_METADATA),
                arguments("https://224.0.0.1/hook", AddressCategory.MULTICAST),
                arguments("https://239.255.255.250/hook", AddressCategory.MULTICAST),
                arguments("https://[ff02::1]/hook", AddressCategory.MULTICAST),
                arguments("https://255.255.255.255/hook", AddressCategory.BROADCAST),
                arguments("https://240.0.0.1/hook", AddressCategory.RESERVED),
                arguments("https://192.0.0.8/hook", AddressCategory.RESERVED),
                arguments("https://192.0.2.1/hook", AddressCategory.RESERVED),
                arguments("https://198.18.0.1/hook", AddressCategory.RESERVED),
                arguments("https://198.51.100.1/hook", AddressCategory.RESERVED),
                arguments("https://203.0.113.1/hook", AddressCategory.RESERVED),
                arguments("https://[2001:db8::1]/hook", AddressCategory.RESERVED),
                arguments("https://[2001::1]/hook", AddressCategory.RESERVED),
                arguments("https://[100::1]/hook", AddressCategory.RESERVED),
                arguments("https://[64:ff9b:1::a00:1]/hook", AddressCategory.RESERVED),
                // IPv6 forms of IPv4 addresses take the embedded address's category
                arguments("https://[::ffff:127.0.0.1]/hook", AddressCategory.LOOPBACK),
                arguments("https://[::ffff:7f00:1]/hook", AddressCategory.LOOPBACK),
                arguments("https://[0:0:0:0:0:ffff:10.0.0.1]/hook", AddressCategory.PRIVATE),
                arguments("https://[::ffff:169.254.169.254]/hook", AddressCategory.CLOUD_METADATA),
                arguments("https://[::ffff:0.0.0.0]/hook", AddressCategory.UNSPECIFIED),
                arguments("https://[::127.0.0.1]/hook", AddressCategory.LOOPBACK),
                arguments("https://[::192.168.0.1]/hook", AddressCategory.PRIVATE),
                arguments("https://[64:ff9b::127.0.0.1]/hook", AddressCategory.LOOPBACK),
                arguments("https://[64:ff9b::a9fe:a9fe]/hook", AddressCategory.CLOUD_METADATA),
                arguments("https://[2002:7f00:1::1]/hook", AddressCategory.LOOPBACK),
                arguments("https://[2002:a9fe:a9fe::1]/hook", AddressCategory.CLOUD_METADATA),
                arguments("https://[::ffff:0:7f00:1]/hook", AddressCategory.RESERVED));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("forbiddenAddresses")
    void forbiddenAddressesAreRefused(String endpoint, AddressCategory category) {
        assertThat(AddressClassifier.categorize(InetAddress.ofLiteral(URI.create(endpoint).getHost()
                .replace("[", "").replace("]", "")))).isEqualTo(category);
        assertThat(strict.check(endpoint)).isEqualTo(new Refused(RefusalReason.FORBIDDEN_ADDRESS,
                "the endpoint's host is or resolves to " + category.description()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://hooks.example.com/webhooks/veriflow?tenant=acme",
            "https://HOOKS.Example.COM./webhooks",
            "https://hooks.example.com:8443/webhooks",
            "https://93.184.215.14/hook",
            "https://1.1.1.1/hook",
            "https://11.0.0.1/hook",
            "https://100.63.255.255/hook",
            "https://100.128.0.0/hook",
            "https://172.15.255.255/hook",
            "https://172.32.0.0/hook",
            "https://192.169.0.1/hook",
            "https://223.255.255.255/hook",
            "https://[2606:4700:4700::1111]/hook",
            "https://[::ffff:8.8.8.8]/hook",
            "https://[64:ff9b::808:808]/hook",
            "https://[2002:808:808::1]/hook"})
    void publicEndpointsAreAllowed(String endpoint) {
        assertThat(strict.check(endpoint)).isInstanceOf(Allowed.class);
    }

    @Test
    void anAllowedEndpointCarriesEveryResolvedAddress() {
        assertThat(strict.check("https://hooks.example.com/webhooks")).isEqualTo(new Allowed(
                URI.create("https://hooks.example.com/webhooks"),
                List.of(InetAddress.ofLiteral("93.184.215.14"),
                        InetAddress.ofLiteral("2606:2800:21f:cb07:6820:80da:af6b:8b2c"))));
    }

    @ParameterizedTest(name = "{0} resolves to something forbidden")
    @ValueSource(strings = {
            "https://internal.example.com/hook",
            "https://mixed.example.com/hook",
            "https://mixed-v6.example.com/hook",
            "https://localhost/hook",
            "https://metadata.example.com/hook",
            "https://cgnat.example.com/hook"})
    void aHostIsRefusedWhenAnyOfItsAddressesIsForbidden(String endpoint) {
        EndpointCheck check = strict.check(endpoint);

        assertThat(check).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(RefusalReason.FORBIDDEN_ADDRESS);
            assertThat(refused.detail()).doesNotContain("10.").doesNotContain("127.").doesNotContain("169.254")
                    .doesNotContain("example.com");
        });
    }

    @Test
    void anIpv4MappedAnswerThatJavaDidNotNormaliseIsStillCaught() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        InetAddress raw = Inet6Address.getByAddress(null, mapped, -1);
        var policy = new EndpointAddressPolicy(new FixedHostResolver().withRaw("sneaky.example.com", raw),
                NotificationProperties.defaults());

        assertThat(raw).isInstanceOf(Inet6Address.class);
        assertThat(policy.check("https://sneaky.example.com/hook"))
                .isEqualTo(new Refused(RefusalReason.FORBIDDEN_ADDRESS,
                        "the endpoint's host is or resolves to a loopback address"));
    }

    static Stream<Arguments> brokenUrls() {
        return Stream.of(
                arguments("http://hooks.example.com/hook", RefusalReason.SCHEME_NOT_ALLOWED),
                arguments("HTTP://hooks.example.com/hook", RefusalReason.SCHEME_NOT_ALLOWED),
                arguments("ftp://hooks.example.com/hook", RefusalReason.SCHEME_NOT_ALLOWED),
                arguments("file:///etc/passwd", RefusalReason.SCHEME_NOT_ALLOWED),
                arguments("gopher://hooks.example.com/", RefusalReason.SCHEME_NOT_ALLOWED),
                arguments("https://user:hunter2@hooks.example.com/hook", RefusalReason.USERINFO_NOT_ALLOWED),
                arguments("https://user@hooks.example.com/hook", RefusalReason.USERINFO_NOT_ALLOWED),
                arguments("https://hooks.example.com/hook#section", RefusalReason.FRAGMENT_NOT_ALLOWED),
                arguments("https://hooks.example.com/hook#", RefusalReason.FRAGMENT_NOT_ALLOWED),
                arguments("https://hooks.example.com:0/hook", RefusalReason.MALFORMED_URL),
                arguments("https://hooks.example.com:99999/hook", RefusalReason.MALFORMED_URL),
                arguments("hooks.example.com/hook", RefusalReason.MALFORMED_URL),
                arguments("/hook", RefusalReason.MALFORMED_URL),
                arguments("mailto:hooks@example.com", RefusalReason.MALFORMED_URL),
                arguments("https://hooks example.com/hook", RefusalReason.MALFORMED_URL),
                arguments("https://hooks.example.com\\@10.0.0.1/hook", RefusalReason.MALFORMED_URL),
                arguments("https://[fe80::1%25eth0]/hook", RefusalReason.MALFORMED_URL),
                arguments("", RefusalReason.MALFORMED_URL),
                arguments("   ", RefusalReason.MALFORMED_URL),
                arguments("https://hooks.example.com/" + "a".repeat(2100), RefusalReason.MALFORMED_URL),
                arguments("https:///hook", RefusalReason.MISSING_HOST),
                arguments("https://under_score.example.com/hook", RefusalReason.MISSING_HOST),
                arguments("https://bücher.example/hook", RefusalReason.MISSING_HOST),
                arguments("https://2130706433/hook", RefusalReason.NON_CANONICAL_ADDRESS),
                arguments("https://0x7f000001/hook", RefusalReason.NON_CANONICAL_ADDRESS),
                arguments("https://0177.0.0.1/hook", RefusalReason.NON_CANONICAL_ADDRESS),
                arguments("https://127.000.000.001/hook", RefusalReason.NON_CANONICAL_ADDRESS),
                // java.net.URI itself finds no host in these; the resolver group sees them as NON_CANONICAL_ADDRESS
                arguments("https://0x7f.0.0.1/hook", RefusalReason.MISSING_HOST),
                arguments("https://127.1/hook", RefusalReason.MISSING_HOST),
                arguments("https://1.2.3.4.5/hook", RefusalReason.MISSING_HOST),
                arguments("https://metadata.google.internal/computeMetadata/v1/", RefusalReason.CLOUD_METADATA_HOST),
                arguments("https://METADATA.Google.Internal./computeMetadata/v1/",
                        RefusalReason.CLOUD_METADATA_HOST),
                arguments("https://metadata/computeMetadata/v1/", RefusalReason.CLOUD_METADATA_HOST),
                arguments("https://metadata.goog/", RefusalReason.CLOUD_METADATA_HOST),
                arguments("https://instance-data/latest/meta-data/", RefusalReason.CLOUD_METADATA_HOST),
                arguments("https://instance-data.ec2.internal/latest/", RefusalReason.CLOUD_METADATA_HOST),
                arguments("https://nowhere.example.com/hook", RefusalReason.UNRESOLVABLE_HOST));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenUrls")
    void brokenOrSuspiciousUrlsAreRefusedWithoutThrowing(String endpoint, RefusalReason reason) {
        EndpointCheck check = strict.check(endpoint);

        assertThat(check).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.detail()).doesNotContain("hunter2");
            if (!endpoint.isBlank()) {
                assertThat(refused.detail()).doesNotContain(endpoint);
            }
        });
    }

    @Test
    void aMissingUrlIsRefusedWithoutThrowing() {
        assertThat(strict.check((String) null)).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.MALFORMED_URL));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://hooks.example.com/hook",
            "http://localhost:8080/hooks",
            "http://receiver.test:9000/hooks",
            "https://127.0.0.1:8443/hook",
            "https://[::1]:8443/hook",
            "https://[::ffff:127.0.0.1]/hook",
            "https://10.0.0.1/hook",
            "https://172.20.0.5/hook",
            "https://192.168.1.10/hook",
            "https://100.64.0.1/hook",
            "https://[fd12:3456::1]/hook",
            "https://internal.example.com/hook",
            "https://mixed.example.com/hook"})
    void theDevelopmentSettingsAdmitHttpAndLocalReceivers(String endpoint) {
        assertThat(development.check(endpoint)).isInstanceOf(Allowed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://169.254.169.254/latest/meta-data/",
            "https://metadata.example.com/hook",
            "https://[::ffff:169.254.169.254]/hook",
            "https://100.100.100.200/latest/meta-data/",
            "https://[fd00:ec2::254]/latest/meta-data/",
            "https://metadata.google.internal/computeMetadata/v1/",
            "https://169.254.10.10/hook",
            "https://[fe80::1]/hook",
            "https://0.0.0.0/hook",
            "https://[::]/hook",
            "https://224.0.0.1/hook",
            "https://255.255.255.255/hook",
            "https://192.0.2.1/hook",
            "https://2130706433/hook",
            "ftp://localhost/hook",
            "http://user:pw@localhost/hook"})
    void theDevelopmentSettingsStillRefuseMetadataLinkLocalAndTheRest(String endpoint) {
        assertThat(development.check(endpoint)).isInstanceOf(Refused.class);
    }

    @Test
    void httpNeedsItsOwnSettingEvenForPrivateReceivers() {
        var privateOnly = new EndpointAddressPolicy(FixedHostResolver.internet(),
                NotificationProperties.defaults().withAllowPrivateEndpoints(true));

        assertThat(privateOnly.check("http://localhost:8080/hooks")).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.SCHEME_NOT_ALLOWED));
        assertThat(privateOnly.check("https://localhost:8443/hooks")).isInstanceOf(Allowed.class);
    }

    @Test
    void privateAddressesNeedTheirOwnSettingEvenOverHttp() {
        var httpOnly = new EndpointAddressPolicy(FixedHostResolver.internet(),
                NotificationProperties.defaults().withAllowHttpEndpoints(true));

        assertThat(httpOnly.check("http://hooks.example.com/hook")).isInstanceOf(Allowed.class);
        assertThat(httpOnly.check("http://localhost:8080/hooks")).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.FORBIDDEN_ADDRESS));
    }
}
