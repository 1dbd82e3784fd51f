package io.veriflow.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.veriflow.app.infrastructure.postgres.EmbeddedPostgresLauncher;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The development tenant: on the embedded default, tenant {@code dev} is created at start-up and its key is logged
 * once, by the dedicated logger only; it is switched off by property, and never happens on a configured database.
 * Meanwhile no logger ever prints the secret part of any key. Each test starts its own service (the key is logged
 * while the context starts), capturing every log event from the root logger.
 */
class DevelopmentTenantIT {

    private static final Pattern API_KEY = Pattern.compile("vfk_[a-z2-7]{12}_[0-9A-Za-z]{43}");

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger ours = (Logger) LoggerFactory.getLogger("io.veriflow");
    private Level oursBefore;

    @BeforeEach
    void captureEveryLogEvent() {
        captured.start();
        root.addAppender(captured);
        oursBefore = ours.getLevel();
        ours.setLevel(Level.DEBUG); // our own debug lines must not leak keys either
    }

    @AfterEach
    void stopCapturing() {
        ours.setLevel(oursBefore);
        root.detachAppender(captured);
        captured.stop();
    }

    @Test
    void onTheEmbeddedDefaultTheDevKeyIsLoggedOnceByItsOwnLoggerAndWorks() throws Exception {
        List<String> secrets = new ArrayList<>();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                DevelopmentTenant.ENABLED, "true",
                CallerEchoFilter.ENABLED, "true",
                OperatorKey.PROPERTY, Fixtures.OPERATOR_KEY));
                HttpClient client = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            JsonMapper json = server.getApplicationContext().getBean(JsonMapper.class);

            List<ILoggingEvent> devEvents = events().stream()
                    .filter(event -> event.getLoggerName().equals(DevelopmentTenant.KEY_LOGGER)).toList();
            assertThat(devEvents).hasSize(1);
            ILoggingEvent logged = devEvents.getFirst();
            assertThat(logged.getLevel()).isEqualTo(Level.WARN);
            assertThat(logged.getFormattedMessage())
                    .startsWith("Development tenant 'dev' API key: vfk_")
                    .endsWith("(embedded database only; shown once)");
            Matcher key = API_KEY.matcher(logged.getFormattedMessage());
            assertThat(key.find()).isTrue();
            String devKey = key.group();
            secrets.add(Fixtures.secretPart(devKey));

            Http.Reply asDev = Http.call(client, HttpRequest.GET("/v1/whoami"), devKey);
            assertThat(asDev.status()).as(asDev.body()).isEqualTo(200);
            assertThat(asDev.json(json)).containsEntry("tenant", "dev");

            // Exercise every path that handles a key: issue through the admin API, fail, succeed, revoke.
            Map<String, Object> created = Http.call(client, HttpRequest.POST("/admin/tenants",
                            Map.of("id", "logged-nowhere", "display_name", "Quiet"))
                    .contentType(MediaType.APPLICATION_JSON_TYPE), Fixtures.OPERATOR_KEY).json(json);
            String otherKey = (String) created.get("api_key");
            secrets.add(Fixtures.secretPart(otherKey));
            Http.call(client, HttpRequest.GET("/v1/whoami"), otherKey);
            Http.call(client, HttpRequest.GET("/v1/whoami"), otherKey.substring(0, otherKey.length() - 1) + "0");
            Http.call(client, HttpRequest.GET("/admin/tenants"), otherKey);
            Http.call(client, HttpRequest.DELETE("/admin/tenants/logged-nowhere/api-keys/" + created.get("prefix")),
                    Fixtures.OPERATOR_KEY);
            Http.call(client, HttpRequest.GET("/v1/whoami"), otherKey);
            Http.call(client, HttpRequest.GET("/v1/whoami"), Fixtures.OPERATOR_KEY);
            Http.call(client, HttpRequest.GET("/v1/whoami"), "vfcs_aaaaaaaaaaaa_" + Fixtures.secretPart(devKey));
        }

        secrets.add(Fixtures.OPERATOR_KEY);
        List<ILoggingEvent> everything = events();
        assertThat(everything).as("captured events").isNotEmpty();
        for (ILoggingEvent event : everything) {
            String text = fullText(event);
            List<String> leaked = secrets.stream().filter(text::contains).toList();
            if (event.getLoggerName().equals(DevelopmentTenant.KEY_LOGGER)) {
                assertThat(leaked).as("the dev-tenant line carries the dev key only").hasSize(1);
            } else {
                assertThat(leaked).as("logger %s printed a secret", event.getLoggerName()).isEmpty();
            }
        }
        assertThat(everything).filteredOn(event -> fullText(event).contains("vfk_"))
                .allSatisfy(event -> assertThat(API_KEY.matcher(fullText(event)).find())
                        .as("a full key in %s", event.getLoggerName())
                        .isEqualTo(event.getLoggerName().equals(DevelopmentTenant.KEY_LOGGER)));
    }

    @Test
    void theDevTenantCanBeSwitchedOff() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(DevelopmentTenant.ENABLED, "false"))) {
            assertThat(context.getBean(EmbeddedPostgresLauncher.class).usesEmbeddedDefault()).isTrue();
            assertThat(Fixtures.texts(Fixtures.plainDataSource(context), "SELECT id FROM tenant")).isEmpty();
        }
        assertThat(events()).noneMatch(event -> event.getLoggerName().equals(DevelopmentTenant.KEY_LOGGER));
    }

    @Test
    void withAConfiguredDatabaseThereIsNoDevTenant() throws Exception {
        String database = "dev_tenant_external_" + HexFormat.of().formatHex(randomBytes(4));
        try (ApplicationContext embedded = ApplicationContext.run(Map.of(DevelopmentTenant.ENABLED, "false"))) {
            DataSource maintenance = Fixtures.plainDataSource(embedded);
            String port = Fixtures.texts(maintenance, "SELECT inet_server_port()::text").getFirst();
            Fixtures.execute(maintenance, "CREATE DATABASE " + database);
            try {
                try (ApplicationContext external = ApplicationContext.run(Map.of(
                        DevelopmentTenant.ENABLED, "true",
                        "datasources.default.url", "jdbc:postgresql://localhost:" + port + "/" + database,
                        "datasources.default.username", "postgres",
                        "datasources.default.password", ""))) {
                    assertThat(external.getBean(EmbeddedPostgresLauncher.class).usesEmbeddedDefault()).isFalse();
                    assertThat(Fixtures.texts(Fixtures.plainDataSource(external), "SELECT id FROM tenant")).isEmpty();
                }
            } finally {
                Fixtures.execute(maintenance, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
        assertThat(events()).noneMatch(event -> event.getLoggerName().equals(DevelopmentTenant.KEY_LOGGER));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private List<ILoggingEvent> events() {
        synchronized (captured) {
            return List.copyOf(captured.list);
        }
    }

    /** The message with its arguments, and every throwable's message in the chain. */
    private static String fullText(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            text.append('\n').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
        }
        return text.toString();
    }
}
