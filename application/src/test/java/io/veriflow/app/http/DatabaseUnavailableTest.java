package io.veriflow.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.connection.exceptions.ConnectionException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void aPoolTimeoutAnywhereInTheChainIsAnOutage() {
        RuntimeException wrapped = new IllegalStateException("could not get a connection",
                new RuntimeException(new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
        assertThat(DatabaseUnavailable.explains(wrapped)).isTrue();
        assertThat(DatabaseUnavailable.describe(wrapped)).isEqualTo("java.sql.SQLTransientConnectionException");
    }

    @Test
    void connectionFailuresAndShutdownsArePostgresOutages() {
        for (String state : new String[] {"08001", "08006", "57P01", "57P02", "57P03"}) {
            RuntimeException failure = new RuntimeException(new SQLException("secret=hunter2 in a url", state));
            assertThat(DatabaseUnavailable.explains(failure)).as(state).isTrue();
            assertThat(DatabaseUnavailable.describe(failure)).as("no message, only class and state")
                    .isEqualTo("java.sql.SQLException SQLSTATE " + state).doesNotContain("hunter2");
        }
    }

    @Test
    void aConnectionThatCouldNotBeSetUpIsAnOutage() {
        RuntimeException failure = new ConnectionException("Could not set autocommit",
                new SQLException("This connection has been closed."));
        assertThat(DatabaseUnavailable.explains(failure)).isTrue();
        assertThat(DatabaseUnavailable.describe(failure)).isEqualTo(ConnectionException.class.getName());
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseUnavailable.explains(new RuntimeException(new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(DatabaseUnavailable.explains(new SQLException("no state"))).isFalse();
        assertThat(DatabaseUnavailable.explains(new UncheckedIOException(new ConnectException("provider down"))))
                .as("a provider's connection failure is not the database's").isFalse();
        assertThat(DatabaseUnavailable.explains(new NullPointerException())).isFalse();
    }
}
