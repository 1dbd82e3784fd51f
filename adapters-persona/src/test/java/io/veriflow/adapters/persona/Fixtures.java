package io.veriflow.adapters.persona;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Persona's shared fixtures ({@code shared/providers/persona/fixtures}), read as bytes or trees. */
final class Fixtures {

    static final Path ROOT = Path.of("..", "..", "shared", "providers", "persona", "fixtures");
    static final Path SPEC = Path.of("..", "..", "shared", "providers", "persona", "openapi", "2023-01-05.yaml");
    static final String SECRET = "wbhsec_6f1c3e2a-9b4d-4c7e-8a15-2d3f4b5c6d7e";
    static final String OLD_SECRET = "wbhsec_0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
    static final PersonaJson JSON = new PersonaJson(JsonMapper.createDefault());

    private Fixtures() {
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String relative) {
        return new String(bytes(relative), java.nio.charset.StandardCharsets.UTF_8);
    }

    static JsonNode tree(String relative) {
        try {
            return JSON.parse(bytes(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files directly in a fixture folder with this extension, sorted, relative to the fixture root. */
    static List<String> files(String folder, String extension) {
        try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(extension))
                    .map(file -> ROOT.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
