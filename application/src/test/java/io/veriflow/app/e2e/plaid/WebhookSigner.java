package io.veriflow.app.e2e.plaid;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies the way Plaid does: a compact JWS in the {@code Plaid-Verification} header, ES256 over P-256,
 * claims {@code iat} and {@code request_body_sha256}, and the public key served as a JWK by the fake's
 * {@code /webhook_verification_key/get}. Plain JDK cryptography ({@code SHA256withECDSAinP1363Format} gives the JOSE
 * {@code R || S} signature directly), since the application's test classpath has no JOSE library; the service under
 * test verifies with nimbus-jose-jwt, so the two are independent. Also forges the headers an attacker would send.
 */
public final class WebhookSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    private final KeyPair keys;
    private final Instant createdAt;

    public WebhookSigner(String kid) {
        this.kid = kid;
        this.keys = p256();
        this.createdAt = Instant.now().minusSeconds(3600);
    }

    public String kid() {
        return kid;
    }

    /** A genuine header for {@code body}, issued at {@code iat}. */
    public String sign(byte[] body, Instant iat) {
        return es256(header("ES256", kid), claims(sha256Hex(body), iat));
    }

    /** A genuine ES256 signature over arbitrary header and claims JSON (for forged-claims cases). */
    public String es256(String headerJson, String claimsJson) {
        String signingInput = b64(headerJson) + "." + b64(claimsJson);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(keys.getPrivate());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    /** {@code alg: none}: claims without a signature. */
    public String unsigned(byte[] body, Instant iat) {
        return b64(header("none", kid)) + "." + b64(claims(sha256Hex(body), iat)) + ".";
    }

    /** {@code alg: HS256} keyed with the public key's JWK text: the classic algorithm-confusion forgery. */
    public String hs256(byte[] body, Instant iat) {
        String signingInput = b64(header("HS256", kid)) + "." + b64(claims(sha256Hex(body), iat));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwk().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(
                    mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
    }

    /** The public key as Plaid's {@code JWKPublicKey}. */
    public String jwk() {
        ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
        return "{\"alg\":\"ES256\",\"created_at\":" + createdAt.getEpochSecond() + ",\"crv\":\"P-256\","
                + "\"expired_at\":null,\"kid\":\"" + kid + "\",\"kty\":\"EC\",\"use\":\"sig\","
                + "\"x\":\"" + coordinate(publicKey.getW().getAffineX()) + "\","
                + "\"y\":\"" + coordinate(publicKey.getW().getAffineY()) + "\"}";
    }

    public static String header(String alg, String kid) {
        return "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
    }

    public static String claims(String bodySha256, Instant iat) {
        return "{\"iat\":" + iat.getEpochSecond() + ",\"request_body_sha256\":\"" + bodySha256 + "\"}";
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JWK coordinate: 32 bytes, unsigned big-endian, base64url. */
    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
        return B64.encodeToString(fixed);
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[kid=" + kid + "]";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] withOneByteChanged(byte[] body, int index) {
        byte[] copy = Arrays.copyOf(body, body.length);
        copy[index] = (byte) (copy[index] == 'a' ? 'b' : 'a');
        return copy;
    }
}
