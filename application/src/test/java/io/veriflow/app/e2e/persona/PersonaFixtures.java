package io.veriflow.app.e2e.persona;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Persona's shared fixtures ({@code shared/providers/persona/fixtures}, next to the repository): the four inquiry
 * stories of {@code scenarios.json}, API answers, webhook bodies and client callbacks, optionally re-addressed to
 * another inquiry and subject so that one story can run several times against one database.
 */
public final class PersonaFixtures {

    static final Path ROOT = Path.of("..", "..", "shared", "providers", "persona", "fixtures");
    /** The inquiry template of every story. */
    public static final String TEMPLATE = "itmpl_chwBCJWyyoKdCNeTXUndaKAEgoE1";
    /** The current webhook secret of {@code signatures.md}. */
    public static final String SECRET = "wbhsec_6f1c3e2a-9b4d-4c7e-8a15-2d3f4b5c6d7e";
    /** The old secret of the rotation example in {@code signatures.md}. */
    public static final String OLD_SECRET = "wbhsec_0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersonaFixtures() {
    }

    /** An inquiry id and the reference-id (our subject) it carries. */
    public record Inquiry(String id, String subject) {
        public Inquiry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(subject, "subject");
        }

        /** A fresh, Persona-shaped inquiry id for {@code subject}. */
        public static Inquiry fresh(String subject) {
            StringBuilder id = new StringBuilder("inq_");
            for (int i = 0; i < 28; i++) {
                id.append(BASE58.charAt(RANDOM.nextInt(BASE58.length())));
            }
            return new Inquiry(id.toString(), subject);
        }
    }

    /** The stories of {@code scenarios.json}, with their own inquiry and subject. */
    enum Story {
        A("inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw", "usr_1001"),
        B("inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu", "usr_1002"),
        C("inq_ttj5qNGHvvVpoK8X3vnxFoczJ1zA", "usr_1003"),
        D("inq_165Nj1UWpkdhkPmS2xVfby7r9G8h", "usr_1004");

        private final Inquiry inquiry;

        Story(String inquiryId, String subject) {
            this.inquiry = new Inquiry(inquiryId, subject);
        }

        Inquiry inquiry() {
            return inquiry;
        }
    }

    /** Which story's inquiry each API and webhook fixture is about. */
    private static final Map<String, Story> OWNERS = Map.ofEntries(
            Map.entry("api/get-inquiry.created.json", Story.A),
            Map.entry("api/get-inquiry.pending.json", Story.A),
            Map.entry("api/get-inquiry.completed.json", Story.A),
            Map.entry("api/get-inquiry.approved.json", Story.A),
            Map.entry("api/get-inquiry.expired.json", Story.B),
            Map.entry("api/post-resume.pending.json", Story.B),
            Map.entry("api/get-inquiry.failed.json", Story.C),
            Map.entry("api/get-inquiry.needs_review.json", Story.D),
            Map.entry("api/get-inquiry.declined.json", Story.D),
            Map.entry("webhooks/inquiry.created.json", Story.A),
            Map.entry("webhooks/inquiry.started.json", Story.A),
            Map.entry("webhooks/inquiry.completed.json", Story.A),
            Map.entry("webhooks/inquiry.approved.json", Story.A),
            Map.entry("webhooks/inquiry.expired.json", Story.B),
            Map.entry("webhooks/inquiry.failed.json", Story.C),
            Map.entry("webhooks/inquiry.marked-for-review.json", Story.D),
            Map.entry("webhooks/inquiry.declined.json", Story.D));

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + relative + " not found under " + ROOT.toAbsolutePath(), e);
        }
    }

    public static String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }

    /** An API or webhook fixture, re-addressed from the inquiry it is about to {@code target}. */
    public static String about(String relative, Inquiry target) {
        Story owner = OWNERS.get(relative);
        if (owner == null) {
            throw new IllegalArgumentException("no known owner story for " + relative);
        }
        return readdressed(text(relative), owner.inquiry(), target);
    }

    /** A client callback fixture ({@code client/A-09-onComplete.json}), re-addressed to {@code target}. */
    public static String callback(String name, Inquiry target) {
        Story owner = switch (name.charAt(0)) {
            case 'A' -> Story.A;
            case 'B' -> Story.B;
            case 'C' -> Story.C;
            default -> null;
        };
        String body = text("client/" + name);
        return owner == null ? body : readdressed(body, owner.inquiry(), target);
    }

    /** A token of {@code scenarios.json} ({@code cancelSessionToken}, {@code resumeSessionToken}). */
    static String scenarioToken(String name) {
        Matcher token = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(text("scenarios.json"));
        if (!token.find()) {
            throw new IllegalStateException(name + " not found in scenarios.json");
        }
        return token.group(1);
    }

    private static String readdressed(String body, Inquiry from, Inquiry to) {
        if (from.equals(to)) {
            return body;
        }
        return body.replace(from.id(), to.id())
                .replace("\"" + from.subject() + "\"", "\"" + to.subject() + "\"");
    }
}
