package io.veriflow.app.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The class path the benchmark launches the service with: the service's runtime class path as Maven resolved it
 * ({@code target/bench-runtime.classpath}, written by the {@code bench} profile: no test classes, no test libraries),
 * every class directory packed into a jar (a JDK AOT cache accepts jars only, and a deployment runs jars), plus one
 * small jar with the benchmark's bare 204 endpoint ({@link BenchNoopController}, off unless
 * {@code veriflow.bench.enabled}).
 */
final class ServiceClassPath {

    private static final Path RUNTIME = Path.of("target", "bench-runtime.classpath");

    private ServiceClassPath() {
    }

    static String build(Path work) {
        try {
            Path lib = work.resolve("lib");
            Files.createDirectories(lib);
            List<String> entries = new ArrayList<>();
            entries.add(Path.of("target", "classes").toAbsolutePath().toString());
            if (!Files.exists(RUNTIME)) {
                throw new IllegalStateException(RUNTIME.toAbsolutePath() + " is missing: run the benchmark with "
                        + "-Pbench (see README, Benchmark)");
            }
            for (String entry : Files.readString(RUNTIME).strip().split(java.io.File.pathSeparator)) {
                entries.add(entry);
            }
            List<String> jars = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Path entry = Path.of(entries.get(i));
                if (Files.isDirectory(entry)) {
                    // .../<module>/target/classes -> NN-<module>.jar
                    Path jar = lib.resolve(String.format("%02d-%s.jar", i, entry.getParent().getParent().getFileName()));
                    pack(entry, jar, path -> true);
                    jars.add(jar.toString());
                } else {
                    jars.add(entry.toString());
                }
            }
            Path noop = lib.resolve("bench-endpoint.jar");
            pack(Path.of("target", "test-classes"), noop,
                    path -> path.toString().contains("BenchNoopController"));
            jars.add(noop.toAbsolutePath().toString());
            return String.join(java.io.File.pathSeparator, jars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pack(Path directory, Path jar, Predicate<Path> include) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(directory)) {
            // Directory entries too: class path scanning (Flyway's classpath:db/migration, static resources) lists a
            // directory of a jar through its entry.
            for (Path path : files.sorted().toList()) {
                Path relative = directory.relativize(path);
                boolean isDirectory = Files.isDirectory(path);
                if (relative.toString().isEmpty() || (!isDirectory && !include.test(relative))) {
                    continue;
                }
                JarEntry entry = new JarEntry(relative.toString().replace('\\', '/') + (isDirectory ? "/" : ""));
                entry.setTime(0);
                out.putNextEntry(entry);
                if (!isDirectory) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
    }
}
