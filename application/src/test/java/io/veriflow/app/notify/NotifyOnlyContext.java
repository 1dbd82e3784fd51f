package io.veriflow.app.notify;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.DefaultApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.inject.BeanDefinitionReference;
import java.util.List;
import java.util.Map;

/**
 * An application context with this feature's building blocks and Micronaut's own (JSON, HTTP client, scheduling), but
 * none of the service's other beans, none of this feature's database-backed parts (the delivery worker, the endpoints
 * API), and no database, tracing, management, server or security beans: notification tests stay unit tests, without
 * a PostgreSQL.
 */
@SuppressWarnings({"overrides", "rawtypes"})
public final class NotifyOnlyContext extends DefaultApplicationContext {

    private static final List<String> EXCLUDED = List.of(
            "io.micronaut.configuration.jdbc.", "io.micronaut.jdbc.", "io.micronaut.data.",
            "io.micronaut.transaction.", "io.micronaut.flyway.", "io.micronaut.tracing.",
            "io.micronaut.management.", "io.micronaut.http.server.", "io.micronaut.security.");

    /** This feature's parts that need the database (their ITs boot the whole service). */
    private static final List<String> EXCLUDED_NOTIFY = List.of(
            "io.veriflow.app.notify.worker.", "io.veriflow.app.notify.web.", "io.veriflow.app.notify.store.");

    private NotifyOnlyContext() {
        super("test");
    }

    /** Starts a context with the given settings on top of the test configuration. */
    public static ApplicationContext start(Map<String, Object> settings) {
        var context = new NotifyOnlyContext();
        context.getEnvironment().addPropertySource(PropertySource.of("notification-test", settings));
        return context.start();
    }

    @Override
    protected List<BeanDefinitionReference> resolveBeanDefinitionReferences() {
        return super.resolveBeanDefinitionReferences().stream()
                .filter(reference -> included(reference.getBeanDefinitionName()))
                .toList();
    }

    private static boolean included(String bean) {
        if (bean.startsWith("io.veriflow.app.notify.")) {
            return EXCLUDED_NOTIFY.stream().noneMatch(bean::startsWith);
        }
        return bean.startsWith("io.micronaut.") && EXCLUDED.stream().noneMatch(bean::startsWith);
    }
}
