package io.veriflow.app.http;

import io.micronaut.data.connection.exceptions.ConnectionException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means the database cannot be reached right now, rather than a bug: somewhere in its cause chain a
 * connection could not be had in time ({@link SQLTransientConnectionException}, Hikari's pool timeout), could not be
 * opened or set up (Micronaut Data's {@link ConnectionException}: a connection that broke before the transaction
 * began), or PostgreSQL reported a connection failure (SQLSTATE class {@code 08}) or an operator intervention
 * ({@code 57P01} admin shutdown, {@code 57P02} crash shutdown, {@code 57P03} cannot connect now: a restart or crash
 * recovery).
 */
final class DatabaseUnavailable {

    /** Seconds a client is asked to wait: a PostgreSQL restart with crash recovery takes about this long. */
    static final String RETRY_AFTER_SECONDS = "5";

    private static final int MAX_DEPTH = 16;

    private DatabaseUnavailable() {
    }

    static boolean explains(Throwable failure) {
        return reason(failure) != null;
    }

    /** The exception class and SQLSTATE that explain it (never a message: it may hold a connection string). */
    static String describe(Throwable failure) {
        Throwable reason = reason(failure);
        if (reason == null) {
            return failure.getClass().getName();
        }
        return reason.getClass().getName() + (reason instanceof SQLException sql && sql.getSQLState() != null
                ? " SQLSTATE " + sql.getSQLState() : "");
    }

    private static Throwable reason(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current instanceof SQLTransientConnectionException || current instanceof ConnectionException) {
                return current;
            }
            if (current instanceof SQLException sql && unreachable(sql.getSQLState())) {
                return sql;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return null;
    }

    private static boolean unreachable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03"));
    }
}
