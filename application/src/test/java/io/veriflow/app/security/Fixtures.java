package io.veriflow.app.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/** Tenants, sessions and table contents for the security tests. */
final class Fixtures {

    /** 32+ characters, not shaped like an issued credential: a valid operator key for tests. */
    static final String OPERATOR_KEY = "test-operator-key-0123456789abcdefghij";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /**
     * The context's datasource without Micronaut's transaction-aware wrapper, for plain JDBC outside any transaction.
     */
    static DataSource plainDataSource(ApplicationContext context) {
        return context.getBean(DataSourceResolver.class).resolve(context.getBean(DataSource.class));
    }

    /** A tenant id no other test uses. */
    static TenantId aFreshTenant() {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        return new TenantId("t-" + HexFormat.of().formatHex(suffix));
    }

    /** A new UUIDv7 session id. */
    static SessionId aSessionId() {
        return SessionId.fromParts(System.currentTimeMillis(), RANDOM.nextInt(), RANDOM.nextLong());
    }

    /** Inserts a bare verification_session row (what a client secret hangs off) and returns its id. */
    static SessionId aSessionOf(DataSource dataSource, TenantId tenant) throws SQLException {
        SessionId id = aSessionId();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO verification_session
                            (tenant_id, id, provider_id, subject_ref, template_ref, state, created_at, updated_at)
                        VALUES (?, ?, 'fake', 'user-1', 'tmpl-1', 'CREATED', ?, ?)""")) {
            Timestamp now = Timestamp.from(Instant.now());
            insert.setString(1, tenant.value());
            insert.setObject(2, id.value());
            insert.setTimestamp(3, now);
            insert.setTimestamp(4, now);
            insert.executeUpdate();
        }
        return id;
    }

    /** Runs one statement with string parameters; returns the update count. */
    static int execute(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Every row a query returns, each as its first column's text (e.g. {@code SELECT row_to_json(t)::text ...}). */
    static List<String> texts(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }

    /** The stored digest of one credential row. */
    static byte[] digest(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = query.executeQuery()) {
                if (!result.next()) {
                    throw new AssertionError("no row for " + sql);
                }
                return result.getBytes(1);
            }
        }
    }

    /** The secret part of a credential {@code <kind>_<prefix>_<secret>}: what must never appear anywhere. */
    static String secretPart(String credential) {
        return credential.substring(credential.lastIndexOf('_') + 1);
    }
}
