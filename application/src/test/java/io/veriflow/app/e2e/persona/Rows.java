package io.veriflow.app.e2e.persona;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads the service's tables directly, for what the API does not show (tasks, outbox, sealed secrets). */
final class Rows {

    private final DataSource dataSource;

    Rows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Reconcile tasks of the session that are not done yet. */
    long unfinishedTasks(String tenant, String session) {
        return Long.parseLong(single("SELECT count(*) FROM task WHERE tenant_id = ? AND session_id = ? "
                + "AND kind = 'reconcile' AND state <> 'done'", tenant, session).getFirst());
    }

    /** The highest number of attempts any reconcile task of the session took. */
    long mostTaskAttempts(String tenant, String session) {
        return Long.parseLong(single("SELECT coalesce(max(attempts), 0) FROM task WHERE tenant_id = ? "
                + "AND session_id = ? AND kind = 'reconcile'", tenant, session).getFirst());
    }

    /** Every text the service stored about the session: signal log, outbox, tasks (payloads and errors). */
    List<String> storedTexts(String tenant, String session) {
        List<String> texts = new ArrayList<>();
        texts.addAll(single("SELECT payload::text || ' ' || name || ' ' || dedupe_key FROM signal_log "
                + "WHERE tenant_id = ? AND session_id = ?", tenant, session));
        texts.addAll(single("SELECT event_type || ' ' || payload::text FROM outbox WHERE tenant_id = ? "
                + "AND session_id = ?", tenant, session));
        texts.addAll(single("SELECT payload::text || ' ' || coalesce(last_error, '') FROM task WHERE tenant_id = ? "
                + "AND session_id = ?", tenant, session));
        return texts;
    }

    /** The event types of the session's outbox, in order. */
    List<String> outboxEvents(String tenant, String session) {
        return single("SELECT event_type FROM outbox WHERE tenant_id = ? AND session_id = ? ORDER BY sequence",
                tenant, session);
    }

    /** The sealed bytes of the session's resume token, as stored. */
    byte[] sealedResumeToken(String tenant, String session) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT ciphertext FROM secret "
                        + "WHERE tenant_id = ? AND purpose = 'RESUME_TOKEN' AND owner = ?")) {
            statement.setString(1, tenant);
            statement.setString(2, session);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : new byte[0];
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the secret", e);
        }
    }

    private List<String> single(String sql, String tenant, String session) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenant);
            statement.setObject(2, UUID.fromString(session));
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }
}
