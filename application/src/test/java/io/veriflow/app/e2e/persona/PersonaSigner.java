package io.veriflow.app.e2e.persona;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies the way Persona does ({@code signatures.md}): {@code Persona-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "t." + raw body>}, one {@code t=…,v1=…} group per secret, space-separated during a rotation.
 */
public final class PersonaSigner {

    public static final String HEADER = "Persona-Signature";

    private PersonaSigner() {
    }

    /** The header value for {@code body} signed at {@code t} with each of {@code secrets}, in order. */
    public static String header(long t, byte[] body, String... secrets) {
        StringJoiner groups = new StringJoiner(" ");
        for (String secret : secrets) {
            groups.add("t=" + t + ",v1=" + v1(secret, t, body));
        }
        return groups.toString();
    }

    static String v1(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }
}
