package io.veriflow.app.infrastructure.postgres;

import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Asks a running application context which PostgreSQL its default datasource actually talks to. */
final class Databases {

    /** What the server behind a datasource says about the session it serves. */
    record Session(String database, String user, int port, int appliedMigrations) {
    }

    private Databases() {
    }

    static Session sessionOf(ApplicationContext context) throws SQLException {
        DataSource dataSource = context.getBean(DataSourceResolver.class).resolve(context.getBean(DataSource.class));
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT current_database(), current_user, inet_server_port(),
                            (SELECT count(*) FROM flyway_schema_history WHERE success)
                     """)) {
            result.next();
            return new Session(result.getString(1), result.getString(2), result.getInt(3), result.getInt(4));
        }
    }

    static boolean exists(DataSource maintenance, String database) throws SQLException {
        try (Connection connection = maintenance.getConnection();
             var query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }
}
