package io.veriflow.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The credential format: shape, randomness, digest, and strict parsing. */
class CredentialsTest {

    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @EnumSource(Credentials.Kind.class)
    void aMintedCredentialHasTheDocumentedShape(Credentials.Kind kind) throws Exception {
        Credentials.Minted minted = Credentials.mint(kind, random);
        String credential = minted.credential().reveal();

        assertThat(credential).matches(kind.marker() + "[a-z2-7]{12}_[0-9A-Za-z]{43}");
        assertThat(credential).startsWith(kind.marker() + minted.prefix() + "_");
        assertThat(minted.digest()).isEqualTo(
                MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        assertThat(minted.credential().toString()).doesNotContain(credential.substring(kind.marker().length()));
    }

    @ParameterizedTest
    @EnumSource(Credentials.Kind.class)
    void aMintedCredentialParsesBackToItsPrefixAndDigest(Credentials.Kind kind) {
        Credentials.Minted minted = Credentials.mint(kind, random);

        Credentials.Presented presented = Credentials.parse(kind, minted.credential().reveal()).orElseThrow();

        assertThat(presented.prefix()).isEqualTo(minted.prefix());
        assertThat(Credentials.sameDigest(presented.digest(), minted.digest())).isTrue();
    }

    @Test
    void credentialsDoNotRepeat() {
        Set<String> prefixes = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        IntStream.range(0, 2_000).forEach(i -> {
            Credentials.Minted minted = Credentials.mint(Credentials.Kind.API_KEY, random);
            prefixes.add(minted.prefix());
            secrets.add(Fixtures.secretPart(minted.credential().reveal()));
        });
        assertThat(prefixes).hasSize(2_000);
        assertThat(secrets).hasSize(2_000);
    }

    @Test
    void theSecretCarriesAll256Bits() {
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        SecureRandom fixedZeros = new FixedRandom(zeros);
        SecureRandom fixedOnes = new FixedRandom(ones);

        assertThat(Fixtures.secretPart(Credentials.mint(Credentials.Kind.API_KEY, fixedZeros).credential().reveal()))
                .isEqualTo("0".repeat(43));
        assertThat(Fixtures.secretPart(Credentials.mint(Credentials.Kind.API_KEY, fixedOnes).credential().reveal()))
                .hasSize(43).isNotEqualTo("z".repeat(43));
    }

    @Test
    void aCredentialOfOneKindIsNotOfTheOther() {
        String apiKey = Credentials.mint(Credentials.Kind.API_KEY, random).credential().reveal();
        String clientSecret = Credentials.mint(Credentials.Kind.CLIENT_SECRET, random).credential().reveal();

        assertThat(Credentials.parse(Credentials.Kind.CLIENT_SECRET, apiKey)).isEmpty();
        assertThat(Credentials.parse(Credentials.Kind.API_KEY, clientSecret)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "vfk_", "vfk_abcdefghijkl", "vfk_abcdefghijkl_", "vfk_abcdefghijk_0123456789012345678901234567890123456789012",
            "vfk_abcdefghijkl_012345678901234567890123456789012345678901", // 42
            "vfk_abcdefghijkl_01234567890123456789012345678901234567890123", // 44
            "vfk_ABCDEFGHIJKL_0123456789012345678901234567890123456789012", // upper-case prefix
            "vfk_abcdefghijk1_0123456789012345678901234567890123456789012", // '1' is not base32
            "vfk_abcdefghijkl-0123456789012345678901234567890123456789012",
            "vfk_abcdefghijkl_012345678901234567890123456789012345678901-",
            "VFK_abcdefghijkl_0123456789012345678901234567890123456789012",
            " vfk_abcdefghijkl_0123456789012345678901234567890123456789012"})
    void anythingElseIsNotAnApiKey(String token) {
        assertThat(Credentials.parse(Credentials.Kind.API_KEY, token)).isEmpty();
    }

    @Test
    void theShapeItselfIsAccepted() {
        assertThat(Credentials.parse(Credentials.Kind.API_KEY,
                "vfk_abcdefghijkl_0123456789012345678901234567890123456789012")).isPresent();
        assertThat(Credentials.parse(Credentials.Kind.API_KEY, null)).isEmpty();
        assertThat(Credentials.parse(Credentials.Kind.API_KEY, "vfk_" + "a".repeat(500))).isEmpty();
    }

    /** Hands out the same bytes every time; nextInt(bound) stays in range. */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void nextBytes(byte[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = bytes[i % bytes.length];
            }
        }

        @Override
        public int nextInt(int bound) {
            return 0;
        }
    }
}
