package io.veriflow.app.reliability;

import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.runtime.server.EmbeddedServer;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import java.net.URI;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One running service instance: an application context with its HTTP server on a random port. The first instance of
 * a test gets a fresh embedded database; {@link #alongside} starts another one on the same database, as a second
 * process of the same deployment would be (a configured URL means nothing embedded is started).
 */
final class Instance implements AutoCloseable {

    private final EmbeddedServer server;

    private Instance(EmbeddedServer server) {
        this.server = server;
    }

    static Instance start(Map<String, Object> properties) {
        return new Instance(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    /** Another instance with these properties, on {@code first}'s database. */
    static Instance alongside(Instance first, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        try (Connection connection = first.dataSource().getConnection()) {
            DatabaseMetaData database = connection.getMetaData();
            all.put("datasources.default.url", database.getURL());
            all.put("datasources.default.username", database.getUserName());
            all.put("datasources.default.password", "");
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the first instance's database address", e);
        }
        return start(all);
    }

    URI uri() {
        return URI.create(server.getURL().toString());
    }

    ApplicationContext context() {
        return server.getApplicationContext();
    }

    DataSource dataSource() {
        ApplicationContext context = context();
        return context.getBean(DataSourceResolver.class).resolve(context.getBean(DataSource.class));
    }

    /** Creates {@code tenant} and returns its API key. */
    String tenant(String tenant) {
        return context().getBean(Tenants.class).create(new TenantId(tenant), "Reliability " + tenant, Optional.empty())
                .key().reveal();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
