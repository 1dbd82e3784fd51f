package io.veriflow.app.infrastructure.postgres;

import java.util.regex.Pattern;

/**
 * One database on the JVM-wide embedded PostgreSQL server.
 *
 * @param port  the server's TCP port on localhost
 * @param name  the database name, a plain lower-case PostgreSQL identifier
 * @param fresh {@code true} when the database was created for one application context with a generated name and is
 *              dropped when that context closes; {@code false} for a fixed, configured name that lives as long as
 *              the server
 */
record EmbeddedDatabase(int port, String name, boolean fresh) {

    /** The embedded server's superuser; it authenticates with {@code trust}, so there is no password. */
    static final String USERNAME = "postgres";

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    EmbeddedDatabase {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        requireValidName(name);
    }

    /**
     * Checks that a database name is safe to use unquoted in SQL and in a JDBC URL.
     *
     * @param name the candidate name
     * @return the name
     * @throws IllegalArgumentException if it is not a plain lower-case identifier of at most 63 characters
     */
    static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "embedded PostgreSQL database name must match " + NAME.pattern() + ", got: " + name);
        }
        return name;
    }

    /** The JDBC URL of this database; credentials are not part of it. */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + name;
    }
}
