package io.veriflow.app.infrastructure.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Without a datasource url, application contexts share one embedded server but each gets its own fresh database,
 * dropped on close; a fixed database name is shared and kept.
 */
class EachContextGetsItsOwnEmbeddedDatabaseIT {

    @Test
    void contextsShareTheServerButNotTheDatabaseAndDropItOnClose() throws Exception {
        try (ApplicationContext second = ApplicationContext.run()) {
            EmbeddedDatabase secondDatabase = embeddedDatabaseOf(second);
            EmbeddedDatabase firstDatabase;
            try (ApplicationContext first = ApplicationContext.run()) {
                firstDatabase = embeddedDatabaseOf(first);

                assertThat(firstDatabase.fresh()).isTrue();
                assertThat(firstDatabase.port()).isEqualTo(secondDatabase.port());
                assertThat(firstDatabase.name()).isNotEqualTo(secondDatabase.name());
                assertThat(EmbeddedPostgresServer.starts()).isEqualTo(1);
                assertThat(Databases.sessionOf(first).database()).isEqualTo(firstDatabase.name());
                assertThat(Databases.sessionOf(second).database()).isEqualTo(secondDatabase.name());
                assertThat(Databases.sessionOf(first).appliedMigrations()).isPositive();
            }

            DataSource maintenance = maintenanceDatabase(firstDatabase.port());
            assertThat(Databases.exists(maintenance, firstDatabase.name())).isFalse();
            assertThat(Databases.exists(maintenance, secondDatabase.name())).isTrue();
        }
    }

    @Test
    void aFixedDatabaseNameIsSharedAndKept() throws Exception {
        Map<String, Object> fixed = Map.of(EmbeddedPostgresLauncher.DATABASE_PROPERTY, "fixed_name_it");
        EmbeddedDatabase firstDatabase;
        try (ApplicationContext first = ApplicationContext.run(fixed);
             ApplicationContext second = ApplicationContext.run(fixed)) {
            firstDatabase = embeddedDatabaseOf(first);
            assertThat(firstDatabase).isEqualTo(embeddedDatabaseOf(second));
            assertThat(firstDatabase.fresh()).isFalse();
            assertThat(Databases.sessionOf(second).database()).isEqualTo("fixed_name_it");
        }
        assertThat(Databases.exists(maintenanceDatabase(firstDatabase.port()), "fixed_name_it")).isTrue();
    }

    private static EmbeddedDatabase embeddedDatabaseOf(ApplicationContext context) {
        return context.getBean(EmbeddedPostgresLauncher.class).database().orElseThrow();
    }

    private static DataSource maintenanceDatabase(int port) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://localhost:" + port + "/postgres");
        dataSource.setUser(EmbeddedDatabase.USERNAME);
        return dataSource;
    }
}
