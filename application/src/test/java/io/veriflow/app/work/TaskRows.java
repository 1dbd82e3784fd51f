package io.veriflow.app.work;

import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads and writes {@code task} rows with plain JDBC, independently of the code under test. */
final class TaskRows {

    private final DataSource dataSource;

    TaskRows(ApplicationContext context) {
        this.dataSource = context.getBean(DataSourceResolver.class).resolve(context.getBean(DataSource.class));
    }

    DataSource dataSource() {
        return dataSource;
    }

    List<Map<String, Object>> ofSession(String tenant, UUID session) {
        return select("SELECT * FROM task WHERE tenant_id = ? AND session_id = ? ORDER BY created_at", tenant,
                session);
    }

    Map<String, Object> byId(String tenant, UUID id) {
        List<Map<String, Object>> rows = select("SELECT * FROM task WHERE tenant_id = ? AND id = ?", tenant, id);
        if (rows.size() != 1) {
            throw new AssertionError("expected task " + id + " to exist once, found " + rows.size());
        }
        return rows.getFirst();
    }

    /** Inserts a reconcile task as it would be stored, with the given state, lease and history. */
    UUID insertReconcile(String tenant, UUID session, String ref, String state, int attempts, Instant notBefore,
            String leaseOwner, Instant leaseExpiresAt, String lastError, Instant createdAt) {
        UUID id = UUID.randomUUID();
        update("""
                INSERT INTO task (tenant_id, id, kind, session_id, payload, state, attempts, not_before,
                                  lease_owner, lease_expires_at, last_error, created_at, updated_at)
                VALUES (?, ?, 'reconcile', ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?)""",
                tenant, id, session, "{\"ref\":\"" + ref + "\",\"why\":\"CLIENT_HINT\"}", state, attempts,
                timestamp(notBefore), leaseOwner, timestamp(leaseExpiresAt), lastError, timestamp(createdAt),
                timestamp(createdAt));
        return id;
    }

    List<Map<String, Object>> select(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet result = statement.executeQuery()) {
            ResultSetMetaData columns = result.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant instant(Object timestamp) {
        return ((Timestamp) timestamp).toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
