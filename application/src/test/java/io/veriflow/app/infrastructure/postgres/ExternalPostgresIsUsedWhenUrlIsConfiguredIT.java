package io.veriflow.app.infrastructure.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code datasources.default.url} set, the service talks to that PostgreSQL and starts no embedded one.
 * The "external" server is a separate zonky instance that this test starts and owns.
 */
class ExternalPostgresIsUsedWhenUrlIsConfiguredIT {

    @Test
    void theConfiguredPostgresIsMigratedAndUsedAndNoEmbeddedServerStarts() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            try (Connection connection = external.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE external_app LOGIN PASSWORD 'ignored-under-trust'");
                statement.execute("CREATE DATABASE external_veriflow OWNER external_app");
            }
            int embeddedStartsBefore = EmbeddedPostgresServer.starts();

            try (ApplicationContext context = ApplicationContext.run(Map.of(
                    "datasources.default.url", "jdbc:postgresql://localhost:" + external.getPort() + "/external_veriflow",
                    "datasources.default.username", "external_app",
                    "datasources.default.password", "ignored-under-trust"))) {

                assertThat(context.getBean(EmbeddedPostgresLauncher.class).database()).isEmpty();
                assertThat(EmbeddedPostgresServer.starts()).isEqualTo(embeddedStartsBefore);
                assertThat(Databases.sessionOf(context)).satisfies(session -> {
                    assertThat(session.port()).isEqualTo(external.getPort());
                    assertThat(session.database()).isEqualTo("external_veriflow");
                    assertThat(session.user()).isEqualTo("external_app");
                    assertThat(session.appliedMigrations()).isPositive();
                });
            }
            assertThat(EmbeddedPostgresServer.starts()).isEqualTo(embeddedStartsBefore);
        }
    }
}
