package io.veriflow.app.reliability;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The service's tables read with plain JDBC, independently of the code under test. */
final class Tables {

    /** One signal-log row: which session, which signal, and what applying it did. */
    record SignalRow(String session, String dedupeKey, String name, String result, String reason,
            List<String> events) {

        /** What applying it did, e.g. {@code CHANGED[SessionInProgress, StepProgressed]} or {@code IGNORED(STALE)}. */
        String effect() {
            return result + (reason == null ? "" : "(" + reason + ")") + (events.isEmpty() ? "" : events.toString());
        }
    }

    /** One outbox row: the session and the notification type ({@code session.decided}...). */
    record OutboxRow(String session, long sequence, String type) {
    }

    private final DataSource dataSource;

    Tables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The tenant's signal log, in insertion order. */
    List<SignalRow> signals(String tenant) {
        List<SignalRow> rows = new ArrayList<>();
        query("SELECT session_id::text, dedupe_key, name, effect_result, effect_reason, effect_events FROM signal_log"
                + " WHERE tenant_id = ? ORDER BY id", result -> {
                    Array events = result.getArray(6);
                    rows.add(new SignalRow(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5), List.of((String[]) events.getArray())));
                }, tenant);
        return rows;
    }

    /** The tenant's outbox, by session and sequence. */
    List<OutboxRow> outbox(String tenant) {
        List<OutboxRow> rows = new ArrayList<>();
        query("SELECT session_id::text, sequence, event_type FROM outbox WHERE tenant_id = ? ORDER BY session_id,"
                + " sequence", result -> rows.add(new OutboxRow(result.getString(1), result.getLong(2),
                result.getString(3))), tenant);
        return rows;
    }

    /** Each session of the tenant and its row version (one more with each saved change). */
    Map<String, Long> versions(String tenant) {
        Map<String, Long> versions = new LinkedHashMap<>();
        query("SELECT id::text, version FROM verification_session WHERE tenant_id = ? ORDER BY id",
                result -> versions.put(result.getString(1), result.getLong(2)), tenant);
        return versions;
    }

    /** Rows of any query, as column label to value, in order. */
    List<Map<String, Object>> select(String sql, Object... parameters) {
        List<Map<String, Object>> rows = new ArrayList<>();
        query(sql, result -> {
            ResultSetMetaData columns = result.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                row.put(columns.getColumnLabel(i), result.getObject(i));
            }
            rows.add(row);
        }, parameters);
        return rows;
    }

    long count(String sql, Object... parameters) {
        return ((Number) select(sql, parameters).getFirst().values().iterator().next()).longValue();
    }

    /**
     * The notification type ({@code session.decided}) of each event the rows say they emitted, sorted: what the
     * outbox must hold for them.
     */
    static List<String> emittedTypes(List<SignalRow> rows) {
        return rows.stream().flatMap(row -> row.events().stream()).map(Tables::notificationType).sorted().toList();
    }

    /** {@code SessionDecided} to {@code session.decided}; the names that differ are mapped explicitly. */
    static String notificationType(String event) {
        return switch (event) {
            case "DecisionChanged" -> "session.decision_changed";
            case "AttemptRetried" -> "session.attempt_retried";
            case "StepProgressed" -> "session.step_progressed";
            default -> "session." + event.substring("Session".length()).replaceAll("([a-z])([A-Z])", "$1_$2")
                    .toLowerCase(java.util.Locale.ROOT);
        };
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    reader.read(result);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }
}
