package io.veriflow.app.security;

import io.veriflow.domain.model.Secret;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of the platform's bearer credentials, {@code <kind>_<prefix>_<secret>}:
 * <ul>
 *   <li>{@code kind}: {@code vfk} for an API key, {@code vfcs} for a session's client secret;</li>
 *   <li>{@code prefix}: 12 random characters of lower-case base32 ({@code a-z2-7}, 60 bits), the public lookup handle
 *       (stored in clear, safe to log, shown in listings);</li>
 *   <li>{@code secret}: 32 random bytes (256 bits) in base62, always 43 characters ({@code 0-9A-Za-z}).</li>
 * </ul>
 * Only the SHA-256 digest of the whole credential is stored. Because the credential is 256 bits of CSPRNG output, a
 * fast hash is appropriate (there is nothing to brute-force), and digests are compared with
 * {@link MessageDigest#isEqual(byte[], byte[])}, which takes the same time wherever they differ.
 */
final class Credentials {

    /** The two kinds of bearer credential the platform issues. */
    enum Kind {
        API_KEY("vfk_"),
        CLIENT_SECRET("vfcs_");

        private final String marker;

        Kind(String marker) {
            this.marker = marker;
        }

        /** What every credential of this kind starts with, e.g. {@code vfk_}. */
        String marker() {
            return marker;
        }

        /** Whether a presented token claims to be of this kind (says nothing about its validity). */
        boolean claims(String token) {
            return token.startsWith(marker);
        }
    }

    /** A freshly minted credential: the credential itself (shown once), its prefix and its digest. */
    record Minted(Kind kind, String prefix, Secret credential, byte[] digest) {
    }

    /** A presented credential of the right shape: its prefix (for the lookup) and its digest (for the comparison). */
    record Presented(Kind kind, String prefix, byte[] digest) {
    }

    static final int PREFIX_LENGTH = 12;
    static final int SECRET_BYTES = 32;
    static final int SECRET_LENGTH = 43; // ceil(256 / log2(62))
    static final int DIGEST_BYTES = 32;

    /** The longest token worth parsing; anything longer is rejected before hashing. */
    static final int MAX_TOKEN_LENGTH = 128;

    static final Pattern PREFIX = Pattern.compile("[a-z2-7]{" + PREFIX_LENGTH + "}");
    private static final Pattern SECRET = Pattern.compile("[0-9A-Za-z]{" + SECRET_LENGTH + "}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);

    private Credentials() {
    }

    /** Mints a new credential of the given kind from a cryptographically strong random source. */
    static Minted mint(Kind kind, SecureRandom random) {
        StringBuilder prefix = new StringBuilder(PREFIX_LENGTH);
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            prefix.append(BASE32[random.nextInt(BASE32.length)]);
        }
        byte[] secretBytes = new byte[SECRET_BYTES];
        random.nextBytes(secretBytes);
        String credential = kind.marker() + prefix + "_" + base62(secretBytes);
        return new Minted(kind, prefix.toString(), new Secret(credential), sha256(credential));
    }

    /**
     * Parses a presented token of the given kind. Empty when it does not have the exact shape; that is all a caller
     * may learn, and it learns it without any lookup.
     */
    static Optional<Presented> parse(Kind kind, String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !kind.claims(token)) {
            return Optional.empty();
        }
        int prefixStart = kind.marker().length();
        int separator = prefixStart + PREFIX_LENGTH;
        if (token.length() != separator + 1 + SECRET_LENGTH || token.charAt(separator) != '_') {
            return Optional.empty();
        }
        String prefix = token.substring(prefixStart, separator);
        String secret = token.substring(separator + 1);
        if (!PREFIX.matcher(prefix).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Presented(kind, prefix, sha256(token)));
    }

    /** Whether a presented digest equals a stored one, in time independent of where they differ. */
    static boolean sameDigest(byte[] presented, byte[] stored) {
        return MessageDigest.isEqual(presented, stored);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** Fixed-width base62: 32 bytes always give 43 characters (62^43 > 2^256), left-padded with '0'. */
    private static String base62(byte[] bytes) {
        BigInteger value = new BigInteger(1, bytes);
        char[] digits = new char[SECRET_LENGTH];
        for (int i = SECRET_LENGTH - 1; i >= 0; i--) {
            BigInteger[] quotientAndRemainder = value.divideAndRemainder(SIXTY_TWO);
            digits[i] = BASE62[quotientAndRemainder[1].intValue()];
            value = quotientAndRemainder[0];
        }
        return new String(digits);
    }
}
