package io.veriflow.app.api.idempotency;

import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency keys in {@code idempotency_key}, one row per (tenant, key). A request claims its key by inserting the
 * row before it acts; the primary key makes that atomic across requests and instances, so of two concurrent requests
 * with one key exactly one acts and the other is told it is in progress. The row then keeps the answer (without any
 * secret) for replays.
 *
 * <p>A claim is leased ({@code veriflow.api.idempotency.lease}, default 5 minutes, longer than a provider call with
 * all its retries): if the instance handling it dies, the next request with the key takes it over after the lease.
 */
@Singleton
public class IdempotencyStore {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyStore.class);

    private final JdbcOperations jdbc;
    private final Duration lease;

    IdempotencyStore(JdbcOperations jdbc, @Value("${veriflow.api.idempotency.lease:5m}") Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("veriflow.api.idempotency.lease must be positive");
        }
        this.jdbc = jdbc;
        this.lease = lease;
    }

    /** Claims the key for a request with this fingerprint, or says what an earlier request with it did. */
    @Transactional
    public Claim claim(TenantId tenant, IdempotencyKey key, String fingerprint) {
        UUID token = UUID.randomUUID();
        long inserted = jdbc.prepareStatement("""
                INSERT INTO idempotency_key (tenant_id, idempotency_key, request_hash, state, claim_token, locked_until)
                VALUES (?, ?, ?, 'in_progress', ?, now() + make_interval(secs => ?))
                ON CONFLICT (tenant_id, idempotency_key) DO NOTHING""", (PreparedStatement statement) -> {
            statement.setString(1, tenant.value());
            statement.setString(2, key.value());
            statement.setString(3, fingerprint);
            statement.setObject(4, token);
            statement.setDouble(5, lease.toMillis() / 1000.0);
            return (long) statement.executeUpdate();
        });
        if (inserted == 1) {
            return new Claim.Claimed(tenant, key, token);
        }
        Optional<Existing> existing = jdbc.prepareStatement("""
                SELECT request_hash, state, locked_until < now() AS lapsed, response_status, response::text AS response
                  FROM idempotency_key
                 WHERE tenant_id = ? AND idempotency_key = ?
                   FOR UPDATE""", (PreparedStatement statement) -> {
            statement.setString(1, tenant.value());
            statement.setString(2, key.value());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.<Existing>empty();
                }
                return Optional.of(new Existing(row.getString("request_hash"), row.getString("state"),
                        row.getBoolean("lapsed"), row.getInt("response_status"), row.getString("response")));
            }
        });
        if (existing.isEmpty()) {
            // Released between our insert attempt and this read: the key is free again; let the client retry.
            return new Claim.InProgress();
        }
        Existing found = existing.get();
        if (!found.fingerprint().equals(fingerprint)) {
            return new Claim.Mismatch();
        }
        if (found.state().equals("completed")) {
            return new Claim.Replay(found.status(), found.response());
        }
        if (!found.lapsed()) {
            return new Claim.InProgress();
        }
        jdbc.prepareStatement("""
                UPDATE idempotency_key SET claim_token = ?, locked_until = now() + make_interval(secs => ?)
                 WHERE tenant_id = ? AND idempotency_key = ?""", (PreparedStatement statement) -> {
            statement.setObject(1, token);
            statement.setDouble(2, lease.toMillis() / 1000.0);
            statement.setString(3, tenant.value());
            statement.setString(4, key.value());
            return statement.executeUpdate();
        });
        LOG.warn("Idempotency key of tenant {} taken over after its lease lapsed", tenant);
        return new Claim.Claimed(tenant, key, token);
    }

    /**
     * Keeps the answer for replays. {@code response} must hold no secret: it is stored in clear. Does nothing if the
     * claim was taken over meanwhile (the lease lapsed): the other request's answer stands.
     */
    @Transactional
    public void complete(Claim.Claimed claim, SessionId session, int status, String response) {
        int updated = jdbc.prepareStatement("""
                UPDATE idempotency_key
                   SET state = 'completed', session_id = ?, response_status = ?, response = CAST(? AS jsonb),
                       completed_at = now()
                 WHERE tenant_id = ? AND idempotency_key = ? AND claim_token = ? AND state = 'in_progress'""",
                (PreparedStatement statement) -> {
                    statement.setObject(1, session.value());
                    statement.setInt(2, status);
                    statement.setString(3, response);
                    statement.setString(4, claim.tenant().value());
                    statement.setString(5, claim.key().value());
                    statement.setObject(6, claim.token());
                    return statement.executeUpdate();
                });
        if (updated != 1) {
            LOG.warn("Idempotency claim of tenant {} for session {} was taken over before it completed",
                    claim.tenant(), session);
        }
    }

    /** Gives the key back after the request failed before acting, so that a retry with the same key runs again. */
    @Transactional
    public void release(Claim.Claimed claim) {
        jdbc.prepareStatement("""
                DELETE FROM idempotency_key
                 WHERE tenant_id = ? AND idempotency_key = ? AND claim_token = ? AND state = 'in_progress'""",
                (PreparedStatement statement) -> {
                    statement.setString(1, claim.tenant().value());
                    statement.setString(2, claim.key().value());
                    statement.setObject(3, claim.token());
                    return statement.executeUpdate();
                });
    }

    private record Existing(String fingerprint, String state, boolean lapsed, int status, String response) {
    }
}
