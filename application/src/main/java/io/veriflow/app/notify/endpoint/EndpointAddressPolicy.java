package io.veriflow.app.notify.endpoint;

import io.micronaut.core.annotation.Nullable;
import io.veriflow.app.notify.NotificationProperties;
import io.veriflow.app.notify.endpoint.EndpointCheck.Allowed;
import io.veriflow.app.notify.endpoint.EndpointCheck.Refused;
import io.veriflow.app.notify.endpoint.HostCheck.Resolved;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SSRF guard for tenants' webhook endpoints. Run it when an endpoint is registered and again before every
 * delivery attempt; it never throws for bad input, it returns {@link Refused}.
 *
 * <p>Rules: {@code https} only ({@code http} too when {@code allow-http-endpoints} is set); no userinfo, no fragment;
 * a valid port; a host that is not a well-known cloud metadata name and, if numeric, a canonical dotted quad; and
 * <em>every</em> address the host resolves to must be public (see {@link AddressCategory}). The development setting
 * {@code allow-private-endpoints} also admits loopback, private and shared (CGNAT) addresses, never link-local,
 * metadata, multicast, broadcast, unspecified or reserved ones.
 *
 * <p>DNS rebinding: a check followed by a separate connect resolves the name twice, and the second answer may differ.
 * The delivery worker therefore must not connect through an ordinary resolver: its HTTP client resolves through
 * {@link GuardedAddressResolverGroup}, which applies these same address rules inside the connect and hands Netty only
 * the addresses it checked. The URL-level {@link #check(String)} before sending records a readable refusal on the
 * endpoint; the resolver group is what makes the check binding for the connection actually made.
 */
@Singleton
public final class EndpointAddressPolicy {

    static final int MAX_URL_LENGTH = 2048;

    /** Names of cloud metadata services (checked after lower-casing and dropping a trailing dot). */
    static final Set<String> METADATA_HOSTS = Set.of(
            "metadata",
            "metadata.google.internal",
            "metadata.goog",
            "instance-data",
            "instance-data.ec2.internal",
            "metadata.tencentyun.com");

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** A last label that is a number (decimal, octal-looking or hex) makes the whole host numeric. */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|.*\\.)([0-9]+|0x[0-9a-f]*)");

    private final HostResolver resolver;
    private final boolean allowHttp;
    private final boolean allowPrivateAddresses;

    @Inject
    public EndpointAddressPolicy(HostResolver resolver, NotificationProperties properties) {
        this(resolver, properties.allowHttpEndpoints(), properties.allowPrivateEndpoints());
    }

    public EndpointAddressPolicy(HostResolver resolver, boolean allowHttp, boolean allowPrivateAddresses) {
        this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
        this.allowHttp = allowHttp;
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    /** Checks an endpoint URL as the product team gave it. */
    public EndpointCheck check(@Nullable String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return new Refused(RefusalReason.MALFORMED_URL, "the endpoint URL is empty");
        }
        if (endpoint.length() > MAX_URL_LENGTH) {
            return new Refused(RefusalReason.MALFORMED_URL,
                    "the endpoint URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        try {
            return check(new URI(endpoint));
        } catch (URISyntaxException e) {
            return new Refused(RefusalReason.MALFORMED_URL, "the endpoint is not a valid URL");
        }
    }

    /** Checks a parsed endpoint URL. */
    public EndpointCheck check(URI endpoint) {
        if (!endpoint.isAbsolute() || endpoint.isOpaque()) {
            return new Refused(RefusalReason.MALFORMED_URL, "the endpoint must be an absolute https URL");
        }
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeAllowed = scheme.equals("https") || (allowHttp && scheme.equals("http"));
        if (!schemeAllowed) {
            return new Refused(RefusalReason.SCHEME_NOT_ALLOWED,
                    allowHttp ? "the endpoint must use https or http" : "the endpoint must use https");
        }
        if (endpoint.getRawUserInfo() != null) {
            return new Refused(RefusalReason.USERINFO_NOT_ALLOWED, "the endpoint must not contain user information");
        }
        if (endpoint.getRawFragment() != null) {
            return new Refused(RefusalReason.FRAGMENT_NOT_ALLOWED, "the endpoint must not contain a fragment");
        }
        int port = endpoint.getPort();
        if (port == 0 || port > 65_535) {
            return new Refused(RefusalReason.MALFORMED_URL, "the endpoint's port must be between 1 and 65535");
        }
        if (endpoint.getHost() == null) {
            return new Refused(RefusalReason.MISSING_HOST,
                    "the endpoint must name a valid host (use punycode for international names)");
        }
        return switch (checkHost(endpoint.getHost())) {
            case Resolved resolved -> new Allowed(endpoint, resolved.addresses());
            case Refused refused -> refused;
        };
    }

    /**
     * Checks a host (a name or an IP literal, IPv6 with or without brackets) and resolves it.
     *
     * @return the addresses to connect to, all allowed; or why not
     */
    HostCheck checkHost(String rawHost) {
        String host = normalize(rawHost);
        if (host.isEmpty()) {
            return new Refused(RefusalReason.MISSING_HOST, "the endpoint must name a host");
        }
        if (METADATA_HOSTS.contains(host)) {
            return new Refused(RefusalReason.CLOUD_METADATA_HOST, "the endpoint names a cloud metadata service");
        }
        List<InetAddress> addresses;
        if (host.indexOf(':') >= 0) {
            try {
                addresses = List.of(InetAddress.ofLiteral(host));
            } catch (IllegalArgumentException e) {
                return new Refused(RefusalReason.MALFORMED_URL, "the endpoint's IPv6 address is not valid");
            }
        } else if (NUMERIC_LAST_LABEL.matcher(host).matches()) {
            if (!CANONICAL_IPV4.matcher(host).matches()) {
                return new Refused(RefusalReason.NON_CANONICAL_ADDRESS,
                        "a numeric host must be a dotted-quad IPv4 address");
            }
            addresses = List.of(InetAddress.ofLiteral(host));
        } else {
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                return new Refused(RefusalReason.UNRESOLVABLE_HOST, "the endpoint's host does not resolve");
            }
        }
        if (addresses.isEmpty()) {
            return new Refused(RefusalReason.UNRESOLVABLE_HOST, "the endpoint's host does not resolve");
        }
        for (InetAddress address : addresses) {
            AddressCategory category = AddressClassifier.categorize(address);
            if (!allowed(category)) {
                return new Refused(RefusalReason.FORBIDDEN_ADDRESS,
                        "the endpoint's host is or resolves to " + category.description());
            }
        }
        return new Resolved(addresses);
    }

    private boolean allowed(AddressCategory category) {
        return category == AddressCategory.PUBLIC
                || (allowPrivateAddresses && category.openedByPrivateEndpointSetting());
    }

    private static String normalize(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }
}
