package io.veriflow.app.notify.endpoint;

import java.net.InetAddress;
import java.util.List;

/**
 * Sorts IP addresses into {@link AddressCategory categories} (IANA special-purpose registries, RFC 6890). IPv6 forms
 * that embed an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) take the category of the embedded address. IPv6 outside
 * {@code 2000::/3} is not globally routable and counts as reserved.
 */
final class AddressClassifier {

    /** Checked in order: the first block that contains the address decides. */
    private static final List<Block> IPV4 = List.of(
            Block.of("169.254.169.254", 32, AddressCategory.CLOUD_METADATA),  // AWS, GCP, Azure, OCI, ...
            Block.of("169.254.170.2", 32, AddressCategory.CLOUD_METADATA),    // AWS ECS task metadata
            Block.of("169.254.170.23", 32, AddressCategory.CLOUD_METADATA),   // AWS EKS pod identity
            Block.of("100.100.100.200", 32, AddressCategory.CLOUD_METADATA),  // Alibaba Cloud
            Block.of("168.63.129.16", 32, AddressCategory.CLOUD_METADATA),    // Azure WireServer (a public address)
            Block.of("0.0.0.0", 8, AddressCategory.UNSPECIFIED),
            Block.of("10.0.0.0", 8, AddressCategory.PRIVATE),
            Block.of("100.64.0.0", 10, AddressCategory.SHARED),
            Block.of("127.0.0.0", 8, AddressCategory.LOOPBACK),
            Block.of("169.254.0.0", 16, AddressCategory.LINK_LOCAL),
            Block.of("172.16.0.0", 12, AddressCategory.PRIVATE),
            Block.of("192.0.0.0", 24, AddressCategory.RESERVED),
            Block.of("192.0.2.0", 24, AddressCategory.RESERVED),
            Block.of("192.88.99.0", 24, AddressCategory.RESERVED),
            Block.of("192.168.0.0", 16, AddressCategory.PRIVATE),
            Block.of("198.18.0.0", 15, AddressCategory.RESERVED),
            Block.of("198.51.100.0", 24, AddressCategory.RESERVED),
            Block.of("203.0.113.0", 24, AddressCategory.RESERVED),
            Block.of("224.0.0.0", 4, AddressCategory.MULTICAST),
            Block.of("255.255.255.255", 32, AddressCategory.BROADCAST),
            Block.of("240.0.0.0", 4, AddressCategory.RESERVED));

    private static final List<Block> IPV6 = List.of(
            Block.of("fd00:ec2::254", 128, AddressCategory.CLOUD_METADATA),   // AWS IMDS over IPv6
            Block.of("fd00:ec2::23", 128, AddressCategory.CLOUD_METADATA),    // AWS EKS pod identity over IPv6
            Block.of("64:ff9b:1::", 48, AddressCategory.RESERVED),   // local-use NAT64: translates to anything
            Block.of("2001::", 23, AddressCategory.RESERVED),        // IETF protocol assignments, incl. Teredo
            Block.of("2001:db8::", 32, AddressCategory.RESERVED),    // documentation
            Block.of("3fff::", 20, AddressCategory.RESERVED),        // documentation
            Block.of("fc00::", 7, AddressCategory.PRIVATE),          // unique local
            Block.of("fe80::", 10, AddressCategory.LINK_LOCAL),
            Block.of("fec0::", 10, AddressCategory.PRIVATE),         // deprecated site-local
            Block.of("ff00::", 8, AddressCategory.MULTICAST));

    private static final Block GLOBAL_UNICAST = Block.of("2000::", 3, AddressCategory.PUBLIC);
    private static final Block NAT64 = Block.of("64:ff9b::", 96, AddressCategory.PUBLIC);
    private static final Block SIX_TO_FOUR = Block.of("2002::", 16, AddressCategory.PUBLIC);

    private AddressClassifier() {
    }

    static AddressCategory categorize(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? ipv4(bytes) : ipv6(bytes);
    }

    private static AddressCategory ipv4(byte[] bytes) {
        for (Block block : IPV4) {
            if (block.contains(bytes)) {
                return block.category();
            }
        }
        return AddressCategory.PUBLIC;
    }

    private static AddressCategory ipv6(byte[] bytes) {
        if (isZero(bytes, 0, 16)) {
            return AddressCategory.UNSPECIFIED;
        }
        if (isZero(bytes, 0, 15) && bytes[15] == 1) {
            return AddressCategory.LOOPBACK;
        }
        if (isZero(bytes, 0, 10) && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
            return ipv4(copy(bytes, 12));                      // IPv4-mapped ::ffff:a.b.c.d
        }
        if (isZero(bytes, 0, 12)) {
            return ipv4(copy(bytes, 12));                      // IPv4-compatible ::a.b.c.d (deprecated)
        }
        if (NAT64.contains(bytes)) {
            return ipv4(copy(bytes, 12));                      // 64:ff9b::a.b.c.d
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return ipv4(copy(bytes, 2));                       // 2002:aabb:ccdd::/48
        }
        for (Block block : IPV6) {
            if (block.contains(bytes)) {
                return block.category();
            }
        }
        return GLOBAL_UNICAST.contains(bytes) ? AddressCategory.PUBLIC : AddressCategory.RESERVED;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] copy(byte[] bytes, int from) {
        byte[] v4 = new byte[4];
        System.arraycopy(bytes, from, v4, 0, 4);
        return v4;
    }

    /** A CIDR block. */
    private record Block(byte[] network, int prefixLength, AddressCategory category) {

        static Block of(String network, int prefixLength, AddressCategory category) {
            return new Block(InetAddress.ofLiteral(network).getAddress(), prefixLength, category);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xff << (8 - remainingBits)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
