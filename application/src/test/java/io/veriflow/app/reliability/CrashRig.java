package io.veriflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.e2e.persona.FakePersona;
import io.veriflow.app.proc.ServiceProcess;
import io.veriflow.app.proc.StandalonePostgres;
import io.veriflow.app.reliability.PersonaTraffic.Session;
import io.veriflow.app.reliability.Wire.Answer;
import io.veriflow.app.reliability.Wire.Call;
import io.veriflow.app.reliability.faults.HookReceiver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a crash suite runs on: a durable standalone PostgreSQL ({@code fsync=on}, {@code synchronous_commit=on}) that
 * can be stopped immediately and started again; two service instances as child JVMs sharing it, each a process that
 * can be SIGKILLed and launched again on its port under a new lease-owner name; the fake Persona API the instances
 * reconcile against; and the tenant's webhook receiver, which verifies every notification's signature. The instances
 * run everything a deployment runs (reconcile worker, timers, delivery worker) with short leases and polls, so a dead
 * instance's work is taken over within seconds.
 */
final class CrashRig implements AutoCloseable {

    static final String TENANT = "crash";
    static final Duration READY = Duration.ofSeconds(120);
    /** Lease of a claimed task or delivery: how soon a killed instance's work may be taken over. */
    static final Duration LEASE = Duration.ofSeconds(4);

    private static final String DATABASE = "veriflow_crash";

    final StandalonePostgres postgres;
    final FakePersona persona;
    final HookReceiver receiver;
    final Tables tables;
    final Wire wire = new Wire();
    private final String operatorKey = "op_" + UUID.randomUUID() + UUID.randomUUID();
    private final Path home;
    private final List<ServiceProcess.Spec> specs = new ArrayList<>();
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final List<Integer> launches = new ArrayList<>();
    private final List<WebhookLoad> loads = new ArrayList<>();
    private String apiKey;

    private CrashRig(Path home) {
        this.home = home;
        this.postgres = StandalonePostgres.durable(home.resolve("postgres"));
        this.persona = FakePersona.start();
        this.receiver = HookReceiver.start();
        postgres.start();
        postgres.createDatabase(DATABASE, DATABASE);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl(DATABASE));
        dataSource.setUser(DATABASE);
        dataSource.setPassword("unused-under-trust");
        dataSource.setConnectTimeout(5);
        this.tables = new Tables(dataSource);
    }

    /** PostgreSQL up, two instances ready, the tenant created and its webhook endpoint registered. */
    static CrashRig start(Path home) {
        CrashRig rig = new CrashRig(home.toAbsolutePath());
        try {
            rig.launchBoth();
            rig.createTenantAndEndpoint();
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    private void launchBoth() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, Object> properties = new LinkedHashMap<>(PersonaTraffic.serviceProperties(persona));
        properties.put("veriflow.operator-key", operatorKey);
        properties.put("veriflow.dev-tenant.enabled", false);
        // Both instances must open each other's sealed secrets (the endpoint's signing secret): one shared key.
        properties.put("veriflow.secrets.key", Base64.getEncoder().encodeToString(key));
        properties.put("veriflow.secrets.key-id", "crash1");
        properties.put("veriflow.work.enabled", true);
        properties.put("veriflow.work.poll-interval", "100ms");
        properties.put("veriflow.work.lease", LEASE.toMillis() + "ms");
        properties.put("veriflow.work.retry-initial", "200ms");
        properties.put("veriflow.work.retry-max", "2s");
        properties.put("veriflow.work.failure-retry-initial", "1s");
        properties.put("veriflow.work.failure-retry-max", "5s");
        properties.put("veriflow.notifications.allow-private-endpoints", true);
        properties.put("veriflow.notifications.allow-http-endpoints", true);
        properties.put("veriflow.notifications.retry-delays", "500ms,1s,2s,4s");
        properties.put("veriflow.notifications.delivery.poll-interval", "100ms");
        properties.put("veriflow.notifications.delivery.lease", LEASE.toMillis() + "ms");
        // The lease must outlast an attempt: connect + read timeout of the webhook client below it.
        properties.put("micronaut.http.services.veriflow-webhooks.connect-timeout", "1s");
        properties.put("micronaut.http.services.veriflow-webhooks.read-timeout", "2s");
        // While PostgreSQL is down a request waits at most this long for a connection, then fails (5xx).
        properties.put("datasources.default.connection-timeout", 2000);
        properties.put("logger.levels.io.veriflow", "INFO");
        for (String name : List.of("a", "b")) {
            ServiceProcess.Spec spec = ServiceProcess.spec(name)
                    .logTo(logs())
                    .withJvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                    .withDatabase(postgres.jdbcUrl(DATABASE), DATABASE, "unused-under-trust")
                    .with(properties);
            specs.add(spec);
            launches.add(0);
            instances.add(null);
        }
        List<ServiceProcess> launched = List.of(launch(0), launch(1));
        launched.forEach(instance -> instance.awaitReady(READY));
    }

    /** Launches instance {@code index} (again) on its port, under a new lease-owner name; not ready yet. */
    private ServiceProcess launch(int index) {
        int launch = launches.get(index) + 1;
        launches.set(index, launch);
        String name = specs.get(index).name() + launch;
        ServiceProcess instance = specs.get(index).withName(name)
                .with("veriflow.work.instance-id", name)
                .with("veriflow.notifications.delivery.instance-id", name)
                .launch();
        instances.set(index, instance);
        return instance;
    }

    /** SIGKILLs instance {@code index}; returns its lease-owner name. */
    String kill(int index) {
        ServiceProcess victim = instances.get(index);
        victim.kill();
        return victim.name();
    }

    /** Launches instance {@code index} again and waits until it is ready; returns how long that took. */
    Duration relaunch(int index) {
        return launch(index).awaitReady(READY);
    }

    ServiceProcess instance(int index) {
        return instances.get(index);
    }

    /** The two instances' addresses (fixed: a relaunch takes the same port). */
    List<URI> uris() {
        return instances.stream().map(ServiceProcess::baseUri).toList();
    }

    /** Webhook load at the two instances; stopped by {@link #close()} if still running. */
    WebhookLoad load(List<PersonaTraffic.Delivery> schedule, java.util.Random random,
            java.util.function.Consumer<PersonaTraffic.Delivery> beforeEachSend) {
        WebhookLoad load = new WebhookLoad(wire, uris(), schedule, random, beforeEachSend);
        loads.add(load);
        return load;
    }

    /** Where every launch of the instances writes its log ({@code <name>.log}). */
    Path logs() {
        return home.resolve("logs");
    }

    String apiKey() {
        return apiKey;
    }

    private void createTenantAndEndpoint() {
        URI base = instances.getFirst().baseUri();
        Answer tenant = wire.send(Call.post(base, "/admin/tenants", Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + operatorKey), ("{\"id\":\"" + TENANT
                + "\",\"display_name\":\"Crash suite\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(tenant.status()).as("tenant creation: %s", tenant).isEqualTo(201);
        apiKey = (String) tenant.at("api_key");
        Answer endpoint = wire.send(Call.post(base, "/v1/webhook-endpoints", Map.of("Content-Type",
                "application/json", "Authorization", "Bearer " + apiKey), ("{\"url\":\"" + receiver.url()
                + "\",\"description\":\"crash suite receiver\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(endpoint.status()).as("endpoint registration: %s", endpoint).isEqualTo(201);
        receiver.verifyWith((String) endpoint.at("secret"));
    }

    /** Starts {@code count} sessions of the stories in turn, alternately at each instance. */
    List<Session> startSessions(int count, String prefix) {
        Traffic starting = new Traffic(wire, 16);
        return Traffic.all(java.util.stream.IntStream.range(0, count).mapToObj(index ->
                (java.util.concurrent.Callable<Session>) () -> {
                    PersonaTraffic.Story story = PersonaTraffic.Story.values()[index % 4];
                    return PersonaTraffic.start(starting, uris().get(index % 2), persona, apiKey, story,
                            "usr_" + prefix + "_" + index);
                }).toList());
    }

    @Override
    public void close() {
        loads.forEach(WebhookLoad::close);
        for (ServiceProcess instance : instances) {
            if (instance != null) {
                instance.close();
            }
        }
        receiver.close();
        persona.close();
        postgres.close();
    }
}
