package io.veriflow.app.e2e.plaid;

import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads the service's tables with plain JDBC, independently of the code under test. */
final class Rows {

    private final DataSource dataSource;

    Rows(ApplicationContext context) {
        this.dataSource = context.getBean(DataSourceResolver.class).resolve(context.getBean(DataSource.class));
    }

    /** The session's outbox event types, in sequence order ({@code session.decided}...). */
    List<String> events(String session) {
        return select("SELECT event_type FROM outbox WHERE session_id = ? ORDER BY sequence", UUID.fromString(session))
                .stream().map(row -> (String) row.get("event_type")).toList();
    }

    /** The session's signal-log rows, oldest first: name, authority, effect. */
    List<Map<String, Object>> signals(String session) {
        return select("SELECT name, authority, effect_result, effect_reason, dedupe_key FROM signal_log"
                + " WHERE session_id = ? ORDER BY id", UUID.fromString(session));
    }

    /** Reconcile tasks of the session not done yet (pending or running). */
    long unfinishedReconciles(String session) {
        return ((Number) select("SELECT count(*) AS n FROM task WHERE session_id = ? AND kind = 'reconcile'"
                + " AND state <> 'done'", UUID.fromString(session)).getFirst().get("n")).longValue();
    }

    /** The session's reconcile tasks, oldest first. */
    List<Map<String, Object>> reconciles(String session) {
        return select("SELECT state, attempts, last_error, created_at, updated_at FROM task WHERE session_id = ?"
                + " AND kind = 'reconcile' ORDER BY created_at", UUID.fromString(session));
    }

    List<Map<String, Object>> select(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
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
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }
}
