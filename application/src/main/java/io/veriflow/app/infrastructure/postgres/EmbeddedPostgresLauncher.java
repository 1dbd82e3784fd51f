package io.veriflow.app.infrastructure.postgres;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.BeanInitializedEventListener;
import io.micronaut.context.event.BeanInitializingEvent;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the {@code default} datasource at an embedded PostgreSQL when no URL is configured for it.
 *
 * <p><b>Which PostgreSQL.</b> If {@code datasources.default.url} is set ({@code DATASOURCES_DEFAULT_URL}, with
 * {@code DATASOURCES_DEFAULT_USERNAME} and {@code DATASOURCES_DEFAULT_PASSWORD}), this class does nothing: the service
 * uses that PostgreSQL and no embedded server is started. Otherwise, before Hikari reads the datasource configuration
 * (a {@link BeanInitializedEventListener} runs ahead of its {@code @PostConstruct}), it fills in url and username (the
 * embedded superuser, {@code trust} authentication, no password) for a database on the JVM-wide
 * {@link EmbeddedPostgresServer}. Any username or password configured without a URL is replaced.
 *
 * <p><b>Which database.</b> The property {@value #DATABASE_PROPERTY} decides:
 * <ul>
 *   <li>set to a name (application.yml sets {@code veriflow}, so the run command uses that): that database, created
 *       if missing, shared by every context of the JVM that names it, never dropped (it disappears with the
 *       server's temporary data directory when the JVM exits);</li>
 *   <li>absent or blank (src/test/resources/application-test.yml blanks it, so every test context gets this): a new
 *       empty database with a generated name for this application context alone, dropped when the context closes.
 *       Tests therefore get full isolation, including a fresh Flyway migration, for the price of a
 *       {@code CREATE DATABASE} instead of a server start.</li>
 * </ul>
 *
 * <p>Only the {@code default} datasource is handled; other datasources must be configured explicitly.
 */
@Singleton
public final class EmbeddedPostgresLauncher implements BeanInitializedEventListener<DatasourceConfiguration> {

    /** Names a fixed embedded database; absent or blank means a fresh database per application context. */
    static final String DATABASE_PROPERTY = "veriflow.embedded-postgres.database";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);
    private static final String DEFAULT_DATASOURCE = "default";

    private final @Nullable String fixedDatabase;
    private volatile @Nullable EmbeddedDatabase database;

    EmbeddedPostgresLauncher(@Property(name = DATABASE_PROPERTY) @Nullable String fixedDatabase) {
        this.fixedDatabase = fixedDatabase == null || fixedDatabase.isBlank()
                ? null
                : EmbeddedDatabase.requireValidName(fixedDatabase.strip());
    }

    @Override
    public DatasourceConfiguration onInitialized(BeanInitializingEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration datasource = event.getBean();
        String configuredUrl = datasource.getConfiguredUrl();
        if (!DEFAULT_DATASOURCE.equals(datasource.getName()) || (configuredUrl != null && !configuredUrl.isBlank())) {
            return datasource;
        }
        EmbeddedDatabase embedded = fixedDatabase == null
                ? EmbeddedPostgresServer.createFreshDatabase()
                : EmbeddedPostgresServer.openFixedDatabase(fixedDatabase);
        database = embedded;
        datasource.setUrl(embedded.jdbcUrl());
        datasource.setUsername(EmbeddedDatabase.USERNAME);
        datasource.setPassword("");
        LOG.info("No datasources.default.url configured: using embedded PostgreSQL on localhost:{}, database {}{}",
                embedded.port(), embedded.name(), embedded.fresh() ? " (fresh, dropped on shutdown)" : "");
        return datasource;
    }

    /** The embedded database this context's default datasource uses; empty when a URL was configured. */
    Optional<EmbeddedDatabase> database() {
        return Optional.ofNullable(database);
    }

    /**
     * Whether this context's default datasource is the embedded default, i.e. no URL was configured. Meaningful once
     * the default datasource exists (inject a {@code DataSource} first).
     */
    public boolean usesEmbeddedDefault() {
        return database != null;
    }

    @PreDestroy
    void dropFreshDatabase() {
        EmbeddedDatabase embedded = database;
        if (embedded != null && embedded.fresh()) {
            EmbeddedPostgresServer.drop(embedded);
        }
    }
}
