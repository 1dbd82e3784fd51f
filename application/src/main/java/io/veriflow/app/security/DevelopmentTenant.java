package io.veriflow.app.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.veriflow.app.infrastructure.postgres.EmbeddedPostgresLauncher;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Singleton;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development tenant: when the service runs on the embedded default database (no datasource URL configured), it
 * creates tenant {@code dev} at start-up (or, if it exists, issues it another key) and logs the key once, so that a
 * newcomer can call the API straight away.
 *
 * <p><b>The one deliberate exception to "never log a secret".</b> The key goes to the dedicated logger
 * {@value #KEY_LOGGER} only, at WARN, and only on the embedded default, whose database is temporary and reachable from
 * localhost only. With an external PostgreSQL nothing happens. Set {@value #ENABLED} to {@code false} to switch it
 * off entirely (the tests do), or silence that logger.
 */
@Singleton
@Requires(property = DevelopmentTenant.ENABLED, notEquals = "false")
final class DevelopmentTenant implements ApplicationEventListener<StartupEvent> {

    static final String ENABLED = "veriflow.dev-tenant.enabled";
    static final String KEY_LOGGER = "veriflow.dev-tenant";
    static final TenantId ID = new TenantId("dev");
    static final String DISPLAY_NAME = "Development tenant";

    private static final Logger KEY_LOG = LoggerFactory.getLogger(KEY_LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentTenant.class);

    private final JdbcTenants tenants;
    private final EmbeddedPostgresLauncher launcher;

    /**
     * @param dataSource not used, only injected so that the default datasource exists (and is migrated) and the
     *                   launcher has decided between embedded and external before this bean asks it
     */
    DevelopmentTenant(JdbcTenants tenants, EmbeddedPostgresLauncher launcher, DataSource dataSource) {
        this.tenants = tenants;
        this.launcher = launcher;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!launcher.usesEmbeddedDefault()) {
            LOG.debug("A datasource URL is configured: no development tenant");
            return;
        }
        IssuedApiKey key = tenants.createIfAbsent(ID, DISPLAY_NAME, Optional.empty())
                .orElseGet(() -> tenants.issueKey(ID, Optional.empty()));
        KEY_LOG.warn("Development tenant '{}' API key: {} (embedded database only; shown once)",
                ID, key.key().reveal());
    }
}
