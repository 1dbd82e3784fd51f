package io.veriflow.app.notify.endpoint;

/** What kind of network an IP address belongs to, as far as sending webhooks to it is concerned. */
public enum AddressCategory {
    /** Globally routable: always allowed. */
    PUBLIC("a public address"),
    /** 127.0.0.0/8, ::1. */
    LOOPBACK("a loopback address"),
    /** 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10. */
    PRIVATE("a private address"),
    /** 100.64/10, carrier-grade NAT. */
    SHARED("a shared (carrier-grade NAT) address"),
    /** 169.254/16, fe80::/10. */
    LINK_LOCAL("a link-local address"),
    /** Cloud instance metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200, 168.63.129.16, ...). */
    CLOUD_METADATA("a cloud metadata address"),
    /** 0.0.0.0/8, ::. */
    UNSPECIFIED("an unspecified address"),
    /** 224/4, ff00::/8. */
    MULTICAST("a multicast address"),
    /** 255.255.255.255. */
    BROADCAST("the broadcast address"),
    /** Documentation, benchmarking, protocol-assignment and otherwise reserved or unallocated ranges. */
    RESERVED("a reserved address");

    private final String description;

    AddressCategory(String description) {
        this.description = description;
    }

    /** Words for a refusal message. */
    public String description() {
        return description;
    }

    /** Whether the development setting {@code allow-private-endpoints} opens this category. */
    boolean openedByPrivateEndpointSetting() {
        return switch (this) {
            case LOOPBACK, PRIVATE, SHARED -> true;
            case PUBLIC, LINK_LOCAL, CLOUD_METADATA, UNSPECIFIED, MULTICAST, BROADCAST, RESERVED -> false;
        };
    }
}
