package io.veriflow.app.e2e.plaid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One story's view of the shared Plaid fixtures ({@code ../shared/providers/plaid/fixtures}, beside the repository):
 * the fixture files with their ids renamed for this story, so that stories sharing one service (and one database)
 * never share a Plaid attempt id, a user or a callback dedupe key. {@link #fixture()} keeps the fixture ids verbatim.
 * Renaming is one pass over the text, so a renamed id is never renamed again.
 */
public final class Story {

    static final Path FIXTURES = Path.of("..", "..", "shared", "providers", "plaid", "fixtures");

    /** The fixture storyline (REFERENCE.md section 0). */
    static final String ATTEMPT_1 = "idv_52xR9LKo77r1Np";
    static final String ATTEMPT_2 = "idv_8Wq3Nn5pTzKvLm";
    static final String USER = "cus_7f3c2a91e0b4";
    public static final String TEMPLATE = "idvtmp_4FrXJvfQU3zGUR";
    static final String REVIEW_ATTEMPT = "idv_3Kp9Lm2QrTvXyZ";
    static final String REVIEW_USER = "cus_2b8e5d10a7c3";
    static final String REVIEW_TEMPLATE = "idvtmp_9aHc2LpQ7dRsTk";
    static final String EXPIRED_ATTEMPT = "idv_7Dk4Rw1PbNcEhJ";
    static final String EXPIRED_USER = "cus_5c1d9e3f2b7a";
    static final String CANCELED_ATTEMPT = "idv_9Hj6Tq3VxMnBzP";
    static final String CANCELED_USER = "cus_8e4a6b2c9d1f";

    private static final List<String> FIXTURE_IDS = List.of(ATTEMPT_1, ATTEMPT_2, USER, REVIEW_ATTEMPT, REVIEW_USER,
            EXPIRED_ATTEMPT, EXPIRED_USER, CANCELED_ATTEMPT, CANCELED_USER);

    private final Map<String, String> renames;

    private Story(Map<String, String> renames) {
        this.renames = Map.copyOf(renames);
    }

    /** The fixtures as they are. */
    static Story fixture() {
        return new Story(Map.of());
    }

    /** Every fixture id with {@code suffix} appended ({@code idv_52xR9LKo77r1Np} becomes {@code idv_52xR9LKo77r1NpS1}). */
    public static Story suffixed(String suffix) {
        Map<String, String> renames = new LinkedHashMap<>();
        FIXTURE_IDS.forEach(id -> renames.put(id, id + suffix));
        return new Story(renames);
    }

    /** This story with one more rename, e.g. attempt 1's files told about another attempt. */
    Story with(String fixtureId, String storyId) {
        Map<String, String> more = new LinkedHashMap<>(renames);
        more.put(fixtureId, storyId);
        return new Story(more);
    }

    /** The story's name for a fixture id. */
    String id(String fixtureId) {
        return renames.getOrDefault(fixtureId, fixtureId);
    }

    public String attempt1() {
        return id(ATTEMPT_1);
    }

    String attempt2() {
        return id(ATTEMPT_2);
    }

    public String user() {
        return id(USER);
    }

    /** A fixture file's text, renamed. */
    String text(String relative) {
        return rename(raw(relative));
    }

    /** A fixture file's bytes, renamed (exact otherwise: Plaid's webhook bodies are hashed as sent). */
    public byte[] bytes(String relative) {
        return text(relative).getBytes(StandardCharsets.UTF_8);
    }

    String rename(String text) {
        if (renames.isEmpty()) {
            return text;
        }
        Pattern ids = Pattern.compile(renames.keySet().stream().map(Pattern::quote).collect(Collectors.joining("|")));
        return ids.matcher(text).replaceAll(match -> Matcher.quoteReplacement(renames.get(match.group())));
    }

    static String raw(String relative) {
        try {
            return Files.readString(FIXTURES.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + relative + " not found under " + FIXTURES.toAbsolutePath(), e);
        }
    }

    @Override
    public String toString() {
        return "Story" + renames;
    }
}
