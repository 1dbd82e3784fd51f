package io.veriflow.app.reliability.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.proc.Await;
import io.veriflow.app.proc.FreePorts;
import io.veriflow.app.proc.ServiceProcess;
import io.veriflow.app.proc.StandalonePostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The process infrastructure the crash suite stands on: a service launched as a child JVM against a standalone,
 * durable PostgreSQL answers {@code /health}; after a SIGKILL it is gone and a relaunch on the same port is ready
 * again; after PostgreSQL stops immediately the running service reports the database down, and once PostgreSQL is
 * started again on the same data and port it reports it up, without being restarted.
 */
class ProcessInfrastructureCrashSuite {

    private static final Path HOME = Path.of("target", "reliability", "infrastructure");
    private static final Duration READY = Duration.ofSeconds(90);

    @Test
    void aChildServiceOnAStandalonePostgresSurvivesAKillAndADatabaseRestart() throws Exception {
        try (StandalonePostgres postgres = StandalonePostgres.durable(HOME.resolve("postgres"))) {
            Duration pgStart = postgres.start();
            assertThat(postgres.show("fsync", "synchronous_commit"))
                    .containsEntry("fsync", "on").containsEntry("synchronous_commit", "on");
            postgres.createDatabase("veriflow_smoke", "veriflow_smoke");

            ServiceProcess.Spec spec = ServiceProcess.spec("smoke-1")
                    .logTo(HOME)
                    .withJvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1")
                    .withDatabase(postgres.jdbcUrl("veriflow_smoke"), "veriflow_smoke", "unused-under-trust")
                    .with("datasources.default.connection-timeout", "2000")
                    .with("veriflow.work.enabled", false)
                    .with("veriflow.notifications.delivery.enabled", false);
            ServiceProcess first = spec.launch();
            try {
                Duration ready = first.awaitReady(READY);
                String health = health(first);
                assertThat(health).contains("\"status\":\"UP\"").contains("jdbc");
                long rss = first.rssKb();
                long ticks = first.cpuTicks();
                assertThat(rss).as("RSS kB").isPositive();
                assertThat(ticks).as("CPU ticks").isPositive();
                report("postgres start %d ms; first launch ready in %d ms (pid %d, RSS %d MB, CPU %.2f s)",
                        pgStart.toMillis(), ready.toMillis(), first.pid(), rss / 1024, ticks / 100.0);

                first.kill();
                assertThat(first.alive()).isFalse();
                assertThat(FreePorts.listening(first.port())).as("nothing listens after the kill").isFalse();
            } finally {
                first.close();
            }

            try (ServiceProcess second = spec.withName("smoke-2").launch()) {
                Duration ready = second.awaitReady(READY);
                assertThat(second.port()).isEqualTo(first.port());
                report("relaunch after SIGKILL ready in %d ms", ready.toMillis());

                Duration stopped = postgres.stopImmediately();
                assertThat(postgres.running()).isFalse();
                Duration down = Await.until("health reports the database down", Duration.ofSeconds(30),
                        () -> !second.healthUp());
                assertThat(health(second)).contains("DOWN");
                Duration restarted = postgres.start();
                Duration up = Await.until("health reports the database up again", Duration.ofSeconds(60),
                        second::healthUp);
                assertThat(second.alive()).isTrue();
                assertThat(postgres.starts()).isEqualTo(2);
                report("immediate stop %d ms, health DOWN after %d ms; restart (crash recovery) %d ms, UP again %d ms"
                        + " later, same service process", stopped.toMillis(), down.toMillis(), restarted.toMillis(),
                        up.toMillis());
            }
        }
    }

    private static String health(ServiceProcess service) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(service.baseUri().resolve("/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static void report(String format, Object... values) {
        // The figures of a reliability run are its product; they go to the test's standard output (captured by failsafe).
        System.out.println("[reliability] " + String.format(format, values));
    }
}
