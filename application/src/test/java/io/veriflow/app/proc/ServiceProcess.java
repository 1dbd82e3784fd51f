package io.veriflow.app.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Veriflow service running as a child JVM of this one: the same Java binary (so the toolchain's JDK 25), this
 * JVM's class path (so test-only beans are there, each still off unless its property turns it on), the service's
 * main class, configuration as {@code -D} system properties, standard output and error appended to a log file. The
 * child can be {@linkplain #kill() killed} (SIGKILL: no shutdown hook, no lease released, connections cut) or
 * {@linkplain #stop(Duration) stopped} (SIGTERM: Micronaut's orderly shutdown), and its resource use read from
 * {@code /proc}.
 *
 * <p>Configure with a {@link Spec}: immutable, so one spec can launch an instance again after a kill, with the same
 * port and settings (and, say, a new {@code veriflow.work.instance-id}). With {@code datasources.default.url} set, the
 * service starts no embedded PostgreSQL. Children still running when this JVM exits are killed by a shutdown hook.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The service's main class (see the application module's {@code exec.mainClass}). */
    public static final String MAIN_CLASS = "io.veriflow.app.Veriflow";
    /** Clock ticks per second of {@code /proc/<pid>/stat} times (USER_HZ; 100 on Linux). */
    public static final long TICKS_PER_SECOND = 100;

    private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final HttpClient HEALTH = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(500))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("service-process-kill").unstarted(
                () -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final long launchedAt;

    private ServiceProcess(String name, Process process, int port, Path log, long launchedAt) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.launchedAt = launchedAt;
    }

    /** Starts describing a service called {@code name} (used in log file names and messages), on a free port. */
    public static Spec spec(String name) {
        return new Spec(name, FreePorts.pick(), Map.of(), List.of(), Path.of("target", "processes"),
                System.getProperty("java.class.path"), MAIN_CLASS);
    }

    /**
     * What to launch. Every {@code with...} returns a new spec. Properties become {@code -Dkey=value} arguments (so
     * they are visible in the process list: give test secrets only).
     */
    public record Spec(String name, int port, Map<String, String> properties, List<String> jvmOptions,
            Path logDirectory, String classPath, String mainClass) {

        public Spec {
            Objects.requireNonNull(name, "name");
            properties = Map.copyOf(properties);
            jvmOptions = List.copyOf(jvmOptions);
            Objects.requireNonNull(logDirectory, "logDirectory");
            Objects.requireNonNull(classPath, "classPath");
            Objects.requireNonNull(mainClass, "mainClass");
        }

        public Spec withName(String newName) {
            return new Spec(newName, port, properties, jvmOptions, logDirectory, classPath, mainClass);
        }

        public Spec withPort(int newPort) {
            return new Spec(name, newPort, properties, jvmOptions, logDirectory, classPath, mainClass);
        }

        /** Adds or replaces one configuration property ({@code veriflow.work.lease}, ...). */
        public Spec with(String key, Object value) {
            Map<String, String> more = new LinkedHashMap<>(properties);
            more.put(key, String.valueOf(value));
            return new Spec(name, port, more, jvmOptions, logDirectory, classPath, mainClass);
        }

        /** Adds or replaces configuration properties. */
        public Spec with(Map<String, ?> more) {
            Spec spec = this;
            for (Map.Entry<String, ?> entry : more.entrySet()) {
                spec = spec.with(entry.getKey(), entry.getValue());
            }
            return spec;
        }

        /** JVM options before the main class ({@code -Xmx256m}, {@code -XX:TieredStopAtLevel=1}). */
        public Spec withJvmOptions(String... options) {
            List<String> more = new ArrayList<>(jvmOptions);
            more.addAll(List.of(options));
            return new Spec(name, port, properties, more, logDirectory, classPath, mainClass);
        }

        /** Where log files go ({@code <name>.log}); default {@code target/processes}. */
        public Spec logTo(Path directory) {
            return new Spec(name, port, properties, jvmOptions, directory, classPath, mainClass);
        }

        /** The datasource of an external PostgreSQL (then the service starts no embedded one). */
        public Spec withDatabase(String jdbcUrl, String user, String password) {
            return with("datasources.default.url", jdbcUrl)
                    .with("datasources.default.username", user)
                    .with("datasources.default.password", password);
        }

        /** Launches the child JVM (it is not ready yet: see {@link ServiceProcess#awaitReady(Duration)}). */
        public ServiceProcess launch() {
            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.addAll(jvmOptions);
            command.add("-Dmicronaut.server.port=" + port);
            // The child decides nothing from its stack or surroundings: no "test" environment, whatever the class path.
            command.add("-Dmicronaut.env.deduction=false");
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add(mainClass);
            Path log = logDirectory.resolve(name + ".log").toAbsolutePath();
            try {
                Files.createDirectories(logDirectory);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(Path.of("").toAbsolutePath().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(Redirect.appendTo(log.toFile()))
                        .redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
                // The class path goes by environment, which keeps the process list readable.
                builder.environment().put("CLASSPATH", classPath);
                long launchedAt = System.nanoTime();
                Process process = builder.start();
                RUNNING.add(process);
                process.onExit().thenRun(() -> RUNNING.remove(process));
                return new ServiceProcess(name, process, port, log, launchedAt);
            } catch (IOException e) {
                throw new UncheckedIOException("could not launch " + name, e);
            }
        }

        private static String javaBinary() {
            return ProcessHandle.current().info().command()
                    .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code GET /health} answers 200 with {@code "status":"UP"}; returns the time from launch to that
     * answer. Fails at once (with the end of the log) if the child exits, or when the timeout passes.
     */
    public Duration awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready;"
                        + " end of " + log + ":\n" + tail(40));
            }
            if (healthUp()) {
                return Duration.ofNanos(System.nanoTime() - launchedAt);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(name + " not ready within " + timeout + "; end of " + log + ":\n" + tail(40));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** One {@code GET /health}: whether it answered 200 and UP. */
    public boolean healthUp() {
        try {
            HttpResponse<String> response = HEALTH.send(HttpRequest.newBuilder(baseUri().resolve("/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Resident set size ({@code VmRSS} of {@code /proc/<pid>/status}) in kB. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip());
                }
            }
            throw new IllegalStateException("no VmRSS for " + name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of " + name + " (pid " + pid() + ")", e);
        }
    }

    /** CPU time used so far, user plus system, in {@link #TICKS_PER_SECOND clock ticks} ({@code /proc/<pid>/stat}). */
    public long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
            // state(3) ppid(4) ... utime(14) stime(15).
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stat of " + name + " (pid " + pid() + ")", e);
        }
    }

    /** SIGKILL, as a crash or an OOM kill would: returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM (an orderly shutdown) and waits up to {@code timeout}; then SIGKILL. Returns the exit code. */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        awaitExit(Duration.ofSeconds(30));
        return process.exitValue();
    }

    /** Stops the child if it still runs (SIGTERM, 20 s grace). */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " (pid " + pid() + ") did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + ", port " + port + (alive() ? "" : ", exited") + "]";
    }
}
