package io.veriflow.adapters.plaid;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared Plaid fixtures ({@code ../shared/providers/plaid/fixtures}, beside the repository). */
public final class Fixtures {

    public static final Path ROOT = Path.of("..", "..", "shared", "providers", "plaid");
    public static final Path FIXTURES = ROOT.resolve("fixtures");
    public static final JsonMapper JSON = JsonMapper.createDefault();

    private Fixtures() {
    }

    public static Path path(String relative) {
        return FIXTURES.resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String relative) {
        return parse(text(relative));
    }

    public static JsonNode parse(String text) {
        try {
            return JSON.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> list(String folder) {
        try (Stream<Path> files = Files.list(path(folder))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
