package io.veriflow.app.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ConcurrentSessionUpdate;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.Attempt;
import io.veriflow.domain.session.SessionPage;
import io.veriflow.domain.session.SessionQuery;
import io.veriflow.domain.session.VerificationSession;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Sessions in {@code verification_session}, their attempts in {@code verification_attempt}, written together in one
 * transaction and guarded by an optimistic lock on the session row's {@code version}.
 *
 * <p>Loading reads the session row first and its attempts second. If a writer commits in between, the attempts may
 * be newer than the version that was read, never older, so saving such a session fails the version check instead of
 * overwriting newer attempts with older ones.
 */
@Singleton
public class JdbcVerificationSessions implements VerificationSessions {

    private final SessionRepository sessions;
    private final AttemptRepository attempts;
    private final JdbcOperations jdbc;
    private final Documents documents;

    JdbcVerificationSessions(
            SessionRepository sessions, AttemptRepository attempts, JdbcOperations jdbc, Documents documents) {
        this.sessions = sessions;
        this.attempts = attempts;
        this.jdbc = jdbc;
        this.documents = documents;
    }

    @Override
    @Transactional
    public VerificationSession add(VerificationSession session) {
        if (session.version() != 0) {
            throw new IllegalArgumentException("a new session has version 0, not " + session.version());
        }
        sessions.insert(SessionRow.from(session));
        writeAttempts(session);
        return session;
    }

    @Override
    @Transactional
    public VerificationSession save(VerificationSession session) {
        SessionRow row = SessionRow.from(session);
        long updated = sessions.updateIfVersion(row.key().tenantId(), row.key().id(), row.state(), row.verdict(),
                row.updatedAt(), row.version());
        if (updated != 1) {
            throw new ConcurrentSessionUpdate(session.id(), session.version());
        }
        writeAttempts(session);
        return new VerificationSession(session.id(), session.tenant(), session.provider(), session.subject(),
                session.template(), session.attempts(), session.createdAt(), session.updatedAt(),
                session.version() + 1);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<VerificationSession> find(TenantId tenant, SessionId id) {
        return sessions.find(tenant.value(), id.value())
                .map(row -> row.toDomain(toDomain(attempts.findBySession(tenant.value(), id.value()))));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<VerificationSession> findByProviderRef(ProviderId provider, ProviderRef ref) {
        Set<SessionKey> owners = attempts.findByProviderRef(provider.value(), ref.value()).stream()
                .map(attempt -> new SessionKey(attempt.key().tenantId(), attempt.key().sessionId()))
                .collect(Collectors.toSet());
        if (owners.size() > 1) {
            // Provider references are unique at the provider; two owners mean a routing bug, and guessing one of
            // them could hand one tenant's signal to another.
            throw new IllegalStateException(
                    "provider reference " + provider + "/" + ref + " is claimed by " + owners.size() + " sessions");
        }
        return owners.stream().findFirst()
                .flatMap(owner -> find(new TenantId(owner.tenantId()), new SessionId(owner.id())));
    }

    @Override
    @Transactional(readOnly = true)
    public SessionPage search(SessionQuery query) {
        List<SessionRow> rows = searchRows(query, query.limit() + 1);
        boolean more = rows.size() > query.limit();
        List<SessionRow> page = more ? rows.subList(0, query.limit()) : rows;
        if (page.isEmpty()) {
            return new SessionPage(List.of(), Optional.empty());
        }
        Map<UUID, List<Attempt>> attemptsBySession = new LinkedHashMap<>();
        List<UUID> ids = page.stream().map(row -> row.key().id()).toList();
        for (AttemptRow attempt : attempts.findBySessions(query.tenant().value(), ids)) {
            attemptsBySession.computeIfAbsent(attempt.key().sessionId(), id -> new ArrayList<>())
                    .add(attempt.toDomain(documents));
        }
        List<VerificationSession> sessionsOnPage = page.stream()
                .map(row -> row.toDomain(attemptsBySession.getOrDefault(row.key().id(), List.of())))
                .toList();
        Optional<SessionId> nextAfter = more
                ? Optional.of(sessionsOnPage.getLast().id())
                : Optional.empty();
        return new SessionPage(sessionsOnPage, nextAfter);
    }

    private void writeAttempts(VerificationSession session) {
        for (Attempt attempt : session.attempts()) {
            attempts.upsert(AttemptRow.from(session, attempt, documents));
        }
    }

    private List<Attempt> toDomain(List<AttemptRow> rows) {
        return rows.stream().map(row -> row.toDomain(documents)).toList();
    }

    /**
     * One tenant's session rows, newest first, after the cursor, filtered. Built per query so each combination of
     * filters is a plain index range scan ({@code (tenant_id, <filter>, id DESC)} or the primary key) with a LIMIT.
     */
    private List<SessionRow> searchRows(SessionQuery query, int fetch) {
        StringBuilder sql = new StringBuilder("SELECT * FROM verification_session WHERE tenant_id = ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.tenant().value());
        query.subject().ifPresent(subject -> {
            sql.append(" AND subject_ref = ?");
            parameters.add(subject.value());
        });
        query.state().ifPresent(state -> {
            sql.append(" AND state = ?");
            parameters.add(state.name());
        });
        query.provider().ifPresent(provider -> {
            sql.append(" AND provider_id = ?");
            parameters.add(provider.value());
        });
        query.after().ifPresent(after -> {
            sql.append(" AND id < ?");
            parameters.add(after.value());
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(fetch);
        return jdbc.prepareStatement(sql.toString(), (PreparedStatement statement) -> {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                return jdbc.entityStream(result, SessionRow.class).toList();
            }
        });
    }
}
