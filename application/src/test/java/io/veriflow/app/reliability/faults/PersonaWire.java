package io.veriflow.app.reliability.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What these tests need of Persona's side: the shared fixtures ({@code shared/providers/persona/fixtures}) re-addressed
 * to an inquiry of the test, inquiry ids, thin events, and webhook signatures as {@code signatures.md} describes them.
 */
final class PersonaWire {

    static final Path FIXTURES = Path.of("..", "..", "shared", "providers", "persona", "fixtures");
    static final String TEMPLATE = "itmpl_chwBCJWyyoKdCNeTXUndaKAEgoE1";
    /** The webhook secret of {@code signatures.md}. */
    static final String WEBHOOK_SECRET = "wbhsec_6f1c3e2a-9b4d-4c7e-8a15-2d3f4b5c6d7e";
    /** Not a real key: its presence makes the adapter call the configured base URL instead of its sandbox. */
    static final String API_KEY = "persona_production_faults_not_a_real_key";

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The inquiry (and its reference-id) each fixture of {@code scenarios.json}'s stories is about. */
    private static final Map<Character, String[]> STORIES = Map.of(
            'A', new String[] {"inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw", "usr_1001"},
            'B', new String[] {"inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu", "usr_1002"},
            'C', new String[] {"inq_ttj5qNGHvvVpoK8X3vnxFoczJ1zA", "usr_1003"},
            'D', new String[] {"inq_165Nj1UWpkdhkPmS2xVfby7r9G8h", "usr_1004"});
    private static final Map<String, Character> OWNERS = Map.of(
            "api/get-inquiry.created.json", 'A',
            "api/get-inquiry.completed.json", 'A',
            "api/get-inquiry.approved.json", 'A',
            "api/get-inquiry.failed.json", 'C',
            "api/get-inquiry.needs_review.json", 'D',
            "api/get-inquiry.declined.json", 'D',
            "webhooks/inquiry.approved.json", 'A',
            "client/A-09-onComplete.json", 'A');

    private PersonaWire() {
    }

    /** A fresh, Persona-shaped inquiry id. */
    static String freshInquiryId() {
        StringBuilder id = new StringBuilder("inq_");
        for (int i = 0; i < 28; i++) {
            id.append(BASE58.charAt(RANDOM.nextInt(BASE58.length())));
        }
        return id.toString();
    }

    /** A fixture about its story's inquiry, re-addressed to {@code inquiry} of {@code subject}. */
    static String fixture(String relative, String inquiry, String subject) {
        Character story = OWNERS.get(relative);
        if (story == null) {
            throw new IllegalArgumentException("no known story for " + relative);
        }
        String[] owner = STORIES.get(story);
        return text(relative).replace(owner[0], inquiry).replace("\"" + owner[1] + "\"", "\"" + subject + "\"");
    }

    static String text(String relative) {
        try {
            return Files.readString(FIXTURES.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + relative + " not found under " + FIXTURES.toAbsolutePath(), e);
        }
    }

    /**
     * A thin event about the inquiry (a verification passed): it names the inquiry without embedding it, so the
     * service asks the API for the inquiry.
     */
    static String thinEvent(String eventId, String inquiry, String at) {
        return "{\"data\":{\"type\":\"event\",\"id\":\"" + eventId + "\",\"attributes\":{\"name\":"
                + "\"verification.passed\",\"created-at\":\"" + at + "\",\"payload\":{\"data\":{\"type\":"
                + "\"verification/government-id\",\"id\":\"ver_" + eventId.substring(4) + "\",\"attributes\":{"
                + "\"status\":\"passed\",\"created-at\":\"" + at + "\"},\"relationships\":{\"inquiry\":{\"data\":{"
                + "\"type\":\"inquiry\",\"id\":\"" + inquiry + "\"}}}}}}}}";
    }

    /** {@code Persona-Signature} of {@code body} at unix time {@code t}. */
    static String signature(long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }
}
