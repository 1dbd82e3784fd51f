package io.veriflow.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** House style: every package of main code has a package-info.java stating its purpose in one sentence. */
class EveryPackageIsDocumentedTest {

    private static final List<Path> MAIN_SOURCES = List.of(
            Path.of("..", "domain", "src", "main", "java"),
            Path.of("..", "adapters-plaid", "src", "main", "java"),
            Path.of("..", "adapters-persona", "src", "main", "java"),
            Path.of("src", "main", "java"));

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        List<Path> packages = packagesWithCode();
        assertThat(packages).as("packages found").hasSizeGreaterThan(10);
        assertThat(packages)
                .filteredOn(dir -> !Files.exists(dir.resolve("package-info.java")))
                .as("packages without package-info.java")
                .isEmpty();
    }

    private static List<Path> packagesWithCode() throws IOException {
        List<Path> packages = new java.util.ArrayList<>();
        for (Path root : MAIN_SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(file -> file.toString().endsWith(".java"))
                        .map(Path::getParent)
                        .distinct()
                        .forEach(packages::add);
            }
        }
        return packages;
    }
}
