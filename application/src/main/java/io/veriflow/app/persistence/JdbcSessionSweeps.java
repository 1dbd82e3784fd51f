package io.veriflow.app.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.veriflow.app.work.SessionSweeps;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers' session queries, across tenants, each bounded by a LIMIT and served by a partial index of V4
 * ({@code verification_session_silent_idx}, {@code verification_session_open_idx}); the current attempt of each
 * candidate is one primary-key lookup.
 */
@Singleton
public class JdbcSessionSweeps implements SessionSweeps {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSessionSweeps.class);

    /** The predicate of verification_session_silent_idx, verbatim, so the planner can use the index. */
    private static final String SILENT_STATES = """
            (s.state IN ('CREATED', 'IN_PROGRESS', 'ABANDONED', 'SUBMITTED')
             OR (s.state = 'DECIDED' AND s.verdict = 'NEEDS_REVIEW'))""";

    /** The predicate of verification_session_open_idx. */
    private static final String OPEN_STATES = "s.state IN ('CREATED', 'IN_PROGRESS', 'ABANDONED')";

    private static final String CURRENT_ATTEMPT = """
            CROSS JOIN LATERAL (
                SELECT a.provider_ref, a.opened_at, a.resumed_at, a.platform_expired_at
                  FROM verification_attempt a
                 WHERE a.tenant_id = s.tenant_id AND a.session_id = s.id
                 ORDER BY a.number DESC
                 LIMIT 1) current""";

    private final JdbcOperations jdbc;

    JdbcSessionSweeps(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public List<SilentSession> silentSessions(Instant unchangedSince, int limit) {
        String sql = "SELECT s.tenant_id, s.id, current.provider_ref FROM verification_session s " + CURRENT_ATTEMPT
                + " WHERE " + SILENT_STATES + """
                   AND s.updated_at < ?
                   AND current.provider_ref IS NOT NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM task t
                        WHERE t.tenant_id = s.tenant_id AND t.session_id = s.id AND t.kind = 'reconcile'
                          AND (t.state <> 'done' OR t.updated_at >= ?))
                 ORDER BY s.updated_at
                 LIMIT ?""";
        return jdbc.prepareStatement(sql, (PreparedStatement statement) -> {
            OffsetDateTime since = utc(unchangedSince);
            statement.setObject(1, since);
            statement.setObject(2, since);
            statement.setInt(3, limit);
            List<SilentSession> silent = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    try {
                        silent.add(new SilentSession(new TenantId(rows.getString(1)),
                                new SessionId(rows.getObject(2, UUID.class)), new ProviderRef(rows.getString(3))));
                    } catch (IllegalArgumentException e) {
                        skip(rows, e);
                    }
                }
            }
            return silent;
        });
    }

    @Override
    @Transactional(readOnly = true)
    public List<ProviderId> providersWithOpenSessions() {
        return jdbc.prepareStatement(
                "SELECT DISTINCT s.provider_id FROM verification_session s WHERE " + OPEN_STATES,
                (PreparedStatement statement) -> {
                    List<ProviderId> providers = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            providers.add(new ProviderId(rows.getString(1)));
                        }
                    }
                    return providers;
                });
    }

    /**
     * The session's creation time is a cheap, indexed lower bound of its current attempt's opening (attempts open
     * with or after their session), so it narrows the candidates before the attempt itself is checked.
     */
    @Override
    @Transactional(readOnly = true)
    public List<SessionKey> openSessionsOpenedBy(ProviderId provider, Instant openedBy, int limit) {
        String sql = "SELECT s.tenant_id, s.id FROM verification_session s " + CURRENT_ATTEMPT
                + " WHERE s.provider_id = ? AND " + OPEN_STATES + """
                   AND s.created_at <= ?
                   AND COALESCE(current.resumed_at, current.opened_at) <= ?
                   AND current.platform_expired_at IS NULL
                 ORDER BY s.created_at
                 LIMIT ?""";
        return jdbc.prepareStatement(sql, (PreparedStatement statement) -> {
            OffsetDateTime by = utc(openedBy);
            statement.setString(1, provider.value());
            statement.setObject(2, by);
            statement.setObject(3, by);
            statement.setInt(4, limit);
            List<SessionKey> keys = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    try {
                        keys.add(new SessionKey(new TenantId(rows.getString(1)),
                                new SessionId(rows.getObject(2, UUID.class))));
                    } catch (IllegalArgumentException e) {
                        skip(rows, e);
                    }
                }
            }
            return keys;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static void skip(ResultSet rows, IllegalArgumentException e) throws SQLException {
        LOG.warn("Skipping session {} of tenant {}: not a valid stored session ({})", rows.getObject(2),
                rows.getString(1), e.getMessage());
    }
}
