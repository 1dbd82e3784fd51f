package io.veriflow.app.bench;

import io.micronaut.json.JsonMapper;
import io.veriflow.app.proc.ServiceProcess;
import io.veriflow.app.proc.StandalonePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;

/**
 * The benchmark of issue 6 (a command, not a test; see README "Benchmark"). Three parties on this machine, each its
 * own process: a durable PostgreSQL ({@code fsync=on}, {@code synchronous_commit=on}) started by this JVM from the
 * same binaries as the embedded default; the service, launched as a child JVM exactly as deployed against an external
 * PostgreSQL; and this JVM, which holds the load generator, fake Persona and Plaid APIs, the tenant's webhook receiver
 * and an OTLP trace collector. In one run it measures:
 *
 * <ul>
 *   <li>startup to ready (launch of the child JVM until {@code /health} is UP): on an empty database (migrations
 *       run), on a migrated one, and with a JDK 25 AOT cache trained by an earlier run;</li>
 *   <li>baselines: {@code B_pg}, the signal log's own insert (same SQL, same ~2 kB payload, one transaction each,
 *       synchronous commit) at the service's pool size and at 16 connections; {@code B_http}, a bare POST endpoint of
 *       the same service process that reads the body and answers 204;</li>
 *   <li>ingest: the highest constant arrival rate of signed, distinct Persona webhooks, and of Plaid webhooks (ES256
 *       JWT verified against a fetched key), held with zero errors and no growing backlog (searched with short steps,
 *       then held for a whole window: 60 s with {@code full}); open-loop latency from each request's scheduled send
 *       time at half that rate;</li>
 *   <li>outbox: notifications delivered per second to the local receiver while Persona ingest runs at half rate,
 *       draining a backlog queued by replaying every notification of the run;</li>
 *   <li>tracing: the held Persona rate of a second service process exporting every span (100 % sampling) over
 *       OTLP/HTTP to the local collector, against the same without export;</li>
 *   <li>RSS of the service process after the run, and where the CPU went at the held rates;</li>
 *   <li>a ledger of every ingest step: sent = acknowledged + rejected + errors, and every acknowledged delivery in
 *       the signal log exactly once; a run whose ledger does not balance is VOID (exit status 2).</li>
 * </ul>
 *
 * <p>Arguments: {@code full} for 60 s windows after warm-up ramps of 15 s steps (default: 10 s windows, 5 s steps);
 * {@code sessions=N} Persona sessions (default 2000; half as many Plaid sessions); {@code startup} measures startup
 * only; {@code profile=RATE} sends a minute of each provider's webhooks at RATE for a profiler; {@code jvm=...} (last:
 * it takes the rest of the line) the service's JVM options (default {@value #SERVICE_JVM}).
 */
public final class Benchmark {

    static final String SECRET = "wbhsec_6f1c3e2a-9b4d-4c7e-8a15-2d3f4b5c6d7e";
    static final String TENANT = "bench";
    /** The live heap under load is ~25 MB; trimming the native heap returns what C2 and the JDK freed (RSS). */
    static final String SERVICE_JVM = "-Xmx96m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=10000";
    static final int SERVICE_POOL = 10; // Hikari's default maximum pool size, which the service keeps
    static final String SIGNAL_SQL = """
            INSERT INTO signal_log (tenant_id, session_id, provider_id, dedupe_key, name, authority, occurred_at,
                                    received_at, effect_result, effect_reason, effect_events, payload, traceparent)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
            ON CONFLICT (tenant_id, provider_id, dedupe_key) DO NOTHING""";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private record Session(UUID id, String ref, String subject) {
    }

    /** The figures of one run, filled phase by phase, printed as the table. */
    private static final class Figures {
        final Map<String, String[]> rows = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        void row(String metric, String measured, String ratio, String target) {
            rows.put(metric + "#" + rows.size(), new String[] {metric, measured, ratio, target});
        }
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean full = false;
        int sessionCount = 2000;
        double profileRate = 0;
        boolean startupOnly = false;
        String jvm = SERVICE_JVM;
        // One argument or many (Maven's -Dbench.args passes one): "jvm=" takes the rest of the line.
        String line = String.join(" ", args).strip();
        int jvmAt = line.indexOf("jvm=");
        if (jvmAt >= 0) {
            jvm = line.substring(jvmAt + "jvm=".length()).strip();
            line = line.substring(0, jvmAt).strip();
        }
        for (String arg : line.isEmpty() ? new String[0] : line.split("\\s+")) {
            if (arg.equals("short")) {
                full = false;
            } else if (arg.equals("full") || arg.equals("--full")) {
                full = true;
            } else if (arg.startsWith("sessions=")) {
                sessionCount = Integer.parseInt(arg.substring("sessions=".length()));
            } else if (arg.equals("startup")) {
                startupOnly = true;
            } else if (arg.startsWith("profile=")) {
                profileRate = Double.parseDouble(arg.substring("profile=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + " (full, startup, sessions=N, profile=RATE, jvm=OPTIONS...)");
            }
        }
        Duration window = full ? Duration.ofSeconds(60) : Duration.ofSeconds(10);
        Duration step = Duration.ofSeconds(10);
        Duration warmup = full ? Duration.ofSeconds(15) : Duration.ofSeconds(5);
        int cpus = Runtime.getRuntime().availableProcessors();
        say("Veriflow benchmark: %s (held rates confirmed over %d s, search steps %d s, warm-up %d s), %d CPUs, %s",
                full ? "FULL" : "SHORT", window.toSeconds(), step.toSeconds(), warmup.toSeconds(), cpus,
                Runtime.version());
        Path work = Path.of("target", "bench").toAbsolutePath();
        int exit;
        // pg_stat_statements: the table ends with the statements PostgreSQL spent its time on.
        try (StandalonePostgres postgres = StandalonePostgres.durable(work.resolve("postgres"),
                Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all"));
                BenchPersona persona = new BenchPersona();
                BenchPlaid plaid = new BenchPlaid();
                BenchReceivers receivers = new BenchReceivers()) {
            Duration pgStart = postgres.start();
            postgres.createDatabase("veriflow", "veriflow");
            try (Connection connection = postgres.connect("veriflow"); Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION pg_stat_statements");
            }
            say("PostgreSQL %s on port %d, started in %d ms: %s", postgres.show("server_version").get("server_version"),
                    postgres.port(), pgStart.toMillis(), postgres.show("fsync", "synchronous_commit", "shared_buffers",
                            "max_connections"));
            Run run = new Run(postgres, persona, plaid, receivers, work, jvm.split("\\s+"), sessionCount, window, step,
                    warmup, full, cpus);
            if (startupOnly) {
                run.startup();
                exit = 0;
            } else {
                exit = profileRate > 0 ? run.profile(profileRate) : run.all();
            }
        }
        System.exit(exit);
    }

    /** One benchmark run. */
    private static final class Run {
        final StandalonePostgres postgres;
        final BenchPersona persona;
        final BenchPlaid plaid;
        final BenchReceivers receivers;
        final Path work;
        final String[] jvm;
        final int sessionCount;
        final Duration window;
        final Duration step;
        final Duration warmup;
        final boolean full;
        final int cpus;
        final String operatorKey = "op_" + UUID.randomUUID() + UUID.randomUUID();
        final String classPath;
        final OpenLoop load = new OpenLoop();
        final Figures figures = new Figures();
        final String runTag = BenchPersona.freshId("").substring(0, 8);
        final AtomicLong personaSeq = new AtomicLong();
        final OpenLoop.Ledger personaLedger = new OpenLoop.Ledger();
        final OpenLoop.Ledger plaidLedger = new OpenLoop.Ledger();
        final String started = BenchPersona.fixture("webhooks/inquiry.started.json");
        final String completed = BenchPersona.fixture("webhooks/inquiry.completed.json");
        final String plaidWebhook = BenchPlaid.fixture("webhooks/identity_verification.status_updated.success.json");
        String apiKey;
        List<Session> personaSessions;
        List<Session> plaidSessions;

        Run(StandalonePostgres postgres, BenchPersona persona, BenchPlaid plaid, BenchReceivers receivers, Path work,
                String[] jvm, int sessionCount, Duration window, Duration step, Duration warmup, boolean full,
                int cpus) {
            this.postgres = postgres;
            this.persona = persona;
            this.plaid = plaid;
            this.receivers = receivers;
            this.work = work;
            this.jvm = jvm;
            this.sessionCount = sessionCount;
            this.window = window;
            this.step = step;
            this.warmup = warmup;
            this.full = full;
            this.cpus = cpus;
            this.classPath = ServiceClassPath.build(work);
        }

        ServiceProcess.Spec service(String name) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("veriflow.operator-key", operatorKey);
            properties.put("veriflow.dev-tenant.enabled", false);
            properties.put("veriflow.bench.enabled", true);
            properties.put("veriflow.persona.api-key", "persona_production_bench_not_a_real_key");
            properties.put("veriflow.persona.base-url", persona.baseUrl());
            properties.put("veriflow.persona.webhook-secrets", SECRET);
            properties.putAll(plaid.serviceProperties());
            properties.put("veriflow.work.enabled", true);
            properties.put("veriflow.notifications.allow-private-endpoints", true);
            properties.put("veriflow.notifications.allow-http-endpoints", true);
            properties.put("veriflow.providers.persona.resilience.rate-limiter.limit-for-period", 1_000_000);
            properties.put("veriflow.providers.plaid.resilience.rate-limiter.limit-for-period", 1_000_000);
            ServiceProcess.Spec spec = ServiceProcess.spec(name);
            return new ServiceProcess.Spec(name, spec.port(), spec.properties(), spec.jvmOptions(), work, classPath,
                    spec.mainClass())
                    .withDatabase(postgres.jdbcUrl("veriflow"), "veriflow", "bench")
                    .with(properties)
                    .withJvmOptions(jvm);
        }

        ServiceProcess launch(ServiceProcess.Spec spec, String what) {
            ServiceProcess service = spec.launch();
            Duration ready = service.awaitReady(Duration.ofSeconds(120));
            say("%s: ready in %d ms (pid %d, log %s)", what, ready.toMillis(), service.pid(), service.log());
            return service;
        }

        /**
         * {@code profile=R}: no table; Persona then Plaid webhooks at R/s for 60 s each, for a profiler attached to
         * the service (e.g. {@code jvm="-Xmx256m -XX:StartFlightRecording=filename=/tmp/service.jfr"}).
         */
        int profile(double rate) throws Exception {
            ServiceProcess service = launch(service("veriflow-bench-profile"), "service");
            long postmaster = postgres.postmasterPid().orElseThrow();
            try {
                URI base = service.baseUri();
                apiKey = createTenant(base);
                personaSessions = startSessions(base, "persona", sessionCount);
                plaidSessions = startSessions(base, "plaid", Math.max(1, sessionCount / 2));
                run(service, postmaster, personaWebhooks(base), personaLedger, rate, Duration.ofSeconds(60));
                run(service, postmaster, plaidWebhooks(base), plaidLedger, rate, Duration.ofSeconds(60));
                say("PostgreSQL's time by statement (pg_stat_statements, top 8):%n%s", topStatements(8));
            } finally {
                service.stop(Duration.ofSeconds(30));
            }
            return 0;
        }

        /** Startup to ready: on an empty database, on the migrated one, and with a JDK AOT cache (or null). */
        private record Startup(Duration migrating, Duration migrated, Duration aot) {
        }

        /**
         * Launch of the child JVM until {@code /health} is UP, against the external PostgreSQL: an empty database
         * (Flyway migrates it), then the migrated one; then a training run writes a JDK 25 AOT cache (JEP 483/514),
         * and the next starts use it (the best of three is reported).
         */
        Startup startup() throws Exception {
            ServiceProcess.Spec spec = service("veriflow-bench-startup");
            ServiceProcess first = spec.launch();
            Duration migrating = first.awaitReady(Duration.ofSeconds(120));
            first.stop(Duration.ofSeconds(30));
            ServiceProcess second = spec.launch();
            Duration migrated = second.awaitReady(Duration.ofSeconds(120));
            second.stop(Duration.ofSeconds(30));
            say("startup to ready (child JVM launch -> /health UP, external PostgreSQL): empty database %d ms, "
                    + "migrated %d ms", migrating.toMillis(), migrated.toMillis());
            Path cache = work.resolve("veriflow.aot");
            Files.deleteIfExists(cache);
            ServiceProcess training = launch(spec.withJvmOptions("-XX:AOTCacheOutput=" + cache), "AOT training run");
            training.stop(Duration.ofSeconds(60));
            if (!Files.exists(cache)) {
                say("no AOT cache was written (see %s)", training.log());
                return new Startup(migrating, migrated, null);
            }
            Duration best = null;
            for (int i = 0; i < 3; i++) {
                ServiceProcess cached = spec.withJvmOptions("-XX:AOTCache=" + cache).launch();
                Duration ready = cached.awaitReady(Duration.ofSeconds(120));
                cached.stop(Duration.ofSeconds(30));
                say("startup with the AOT cache: %d ms", ready.toMillis());
                best = best == null || ready.compareTo(best) < 0 ? ready : best;
            }
            return new Startup(migrating, migrated, best);
        }

        int all() throws Exception {
            Startup startup = startup();
            Duration migrating = startup.migrating();
            Duration migrated = startup.migrated();
            Duration aot = startup.aot();
            ServiceProcess service = launch(service("veriflow-bench"), "measured service");
            URI base = service.baseUri();
            long postmaster = postgres.postmasterPid().orElseThrow();
            double bPgPool;
            double bPg16;
            double personaHeld;
            double plaidHeld;
            double bHttp;
            OpenLoop.Step personaHalf = null;
            OpenLoop.Step plaidHalf = null;
            double outboxRate = 0;
            double drainRate = 0;
            long rss;
            long rssAfterIngest;
            String cpuAtHeld;
            try {
                apiKey = createTenant(base);
                personaSessions = startSessions(base, "persona", sessionCount);
                plaidSessions = startSessions(base, "plaid", Math.max(1, sessionCount / 2));

                String payload = BenchPersona.readdress(started, personaSessions.get(0).ref(),
                        personaSessions.get(0).subject());
                bPgPool = pgRate(payload, SERVICE_POOL);
                say("B_pg(%d) = %.0f inserts/s", SERVICE_POOL, bPgPool);
                bPg16 = pgRate(payload, 16);
                say("B_pg(16) = %.0f inserts/s", bPg16);

                LongFunction<OpenLoop.Call> personaCalls = personaWebhooks(base);
                LongFunction<OpenLoop.Call> plaidCalls = plaidWebhooks(base);
                awaitQuiet("the sessions' start-up work");
                warmUp("Persona", service, postmaster, personaCalls, personaLedger);
                say("Persona ingest search:");
                Held persona = held(service, postmaster, personaCalls, personaLedger, 250);
                personaHeld = persona.rate();
                cpuAtHeld = persona.cpu();
                warmUp("Plaid", service, postmaster, plaidCalls, plaidLedger);
                say("Plaid ingest search:");
                plaidHeld = held(service, postmaster, plaidCalls, plaidLedger, 250).rate();

                if (plaidHeld > 0) {
                    say("Plaid latency at 50%% of the held rate (%.0f/s), %d s:", plaidHeld / 2, window.toSeconds());
                    plaidHalf = load.run(plaidHeld / 2, window, plaidCalls, plaidLedger);
                    say("  %s", plaidHalf.line());
                }
                // The tenant's endpoint, then every notification of the run replayed to it: a backlog to drain while
                // Persona webhooks keep arriving at half the held rate (their own notifications join the queue).
                String endpoint = registerEndpoint(base);
                long replayedAt = System.nanoTime();
                long replayed = replay(base, endpoint);
                say("outbox: %d notifications replayed to the local receiver", replayed);
                if (personaHeld > 0) {
                    long before = receivers.deliveries();
                    CpuSplit cpu = CpuSplit.now(service.pid(), postmaster);
                    say("Persona latency at 50%% of the held rate (%.0f/s), %d s, while the outbox drains:",
                            personaHeld / 2, window.toSeconds());
                    personaHalf = load.run(personaHeld / 2, window, personaCalls, personaLedger);
                    long delivered = receivers.deliveries() - before;
                    outboxRate = delivered / (window.toNanos() / 1e9);
                    say("  %s", personaHalf.line());
                    say("            cpu: %s", CpuSplit.now(service.pid(), postmaster).since(cpu));
                    say("  outbox: %d notifications delivered in the window: %.0f/s", delivered, outboxRate);
                }
                long queued = awaitOutboxDrained(Duration.ofMinutes(5));
                double drainSeconds = (System.nanoTime() - replayedAt) / 1e9;
                drainRate = receivers.deliveries() / drainSeconds;
                say("outbox: %d notifications delivered %.1f s after the replay: %.0f/s", receivers.deliveries(),
                        drainSeconds, drainRate);
                say("outbox drained: %d received, %d distinct webhook-ids, %d not delivered yet", receivers.deliveries(),
                        receivers.distinctWebhookIds(), queued);

                rssAfterIngest = service.rssKb();
                OpenLoop.Ledger httpLedger = new OpenLoop.Ledger();
                URI noop = base.resolve("/webhooks/bench-noop");
                byte[] noopBody = payload.getBytes(StandardCharsets.UTF_8);
                LongFunction<OpenLoop.Call> bare = index -> new OpenLoop.Call(null, HttpRequest.newBuilder(noop)
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(noopBody)).build());
                say("B_http warm-up and search:");
                load.run(500, warmup, bare, httpLedger);
                bHttp = held(service, postmaster, bare, httpLedger, Math.max(500, personaHeld)).rate();
                rss = service.rssKb();
            } finally {
                service.stop(Duration.ofSeconds(30));
            }

            // Tracing: another service process exporting every span over OTLP/HTTP to the local collector.
            say("tracing: a service process with 100 %% sampling and OTLP/HTTP export to the local collector");
            ServiceProcess traced = launch(service("veriflow-bench-traced")
                    .with("otel.traces.exporter", "otlp")
                    .with("otel.exporter.otlp.traces.endpoint", receivers.tracesUrl())
                    .with("otel.exporter.otlp.traces.protocol", "http/protobuf")
                    .with("otel.traces.sampler", "always_on")
                    .with("otel.metrics.exporter", "none")
                    .with("otel.logs.exporter", "none"), "traced service");
            double tracedHeld;
            long tracedExports;
            try {
                LongFunction<OpenLoop.Call> calls = personaWebhooks(traced.baseUri());
                warmUp("traced Persona", traced, postmaster, calls, personaLedger);
                tracedHeld = held(traced, postmaster, calls, personaLedger, Math.max(250, personaHeld / 2)).rate();
                tracedExports = receivers.traceExports();
            } finally {
                traced.stop(Duration.ofSeconds(30));
            }
            say("tracing: %d OTLP export requests, %.1f MB received", receivers.traceExports(),
                    receivers.traceBytes() / 1e6);

            // Ledgers.
            boolean personaBalanced = ledger("Persona", personaLedger);
            boolean plaidBalanced = ledger("Plaid", plaidLedger);

            Figures t = figures;
            t.row("B_pg(" + SERVICE_POOL + ") signal-log insert/s", fmt(bPgPool), "", "");
            t.row("B_pg(16) signal-log insert/s", fmt(bPg16), "", "");
            t.row("B_http bare POST 204/s", fmt(bHttp), "", "");
            t.row("ingest Persona webhooks/s (held)", fmt(personaHeld), ratio(personaHeld, bPg16, "B_pg(16)"),
                    ">= 0.5 x B_pg(16) = " + fmt(bPg16 / 2) + met(personaHeld >= bPg16 / 2));
            t.row("", "", ratio(personaHeld, bHttp, "B_http"), "");
            t.row("ingest Plaid webhooks/s (held)", fmt(plaidHeld), ratio(plaidHeld, bPg16, "B_pg(16)"),
                    ">= 0.5 x B_pg(16)" + met(plaidHeld >= bPg16 / 2));
            latency(t, "Persona", personaHalf);
            latency(t, "Plaid", plaidHalf);
            t.row("outbox deliveries/s during ingest", fmt(outboxRate), "", ">= 1500/s" + met(outboxRate >= 1500));
            t.row("outbox deliveries/s, whole drain", fmt(drainRate), "replay -> last delivered", "");
            t.row("startup to ready, migrated DB ms", fmt(migrated.toMillis()), "external PG",
                    "<= 1500 ms" + met(migrated.toMillis() <= 1500));
            t.row("startup, empty DB (migrations) ms", fmt(migrating.toMillis()), "", "");
            t.row("startup with JDK AOT cache ms", aot == null ? "n/a" : fmt(aot.toMillis()), "",
                    aot == null ? "" : "<= 1500 ms" + met(aot.toMillis() <= 1500));
            t.row("service RSS after ingest+outbox MB", fmt(rssAfterIngest / 1024.0), String.join(" ", jvm),
                    "<= 350 MB" + met(rssAfterIngest / 1024.0 <= 350));
            t.row("service RSS after run (+B_http) MB", fmt(rss / 1024.0), "", "<= 350 MB" + met(rss / 1024.0 <= 350));
            t.row("ingest Persona/s, 100% traced+export", fmt(tracedHeld), ratio(tracedHeld, personaHeld, "untraced"),
                    "");
            t.notes.add("CPU at the held Persona rate: " + cpuAtHeld);
            t.notes.add("signal-log rows of the run by provider and effect: " + effects());
            t.notes.add("PostgreSQL: " + postgres.show("server_version", "fsync", "synchronous_commit",
                    "wal_sync_method") + "; the service's pool: " + SERVICE_POOL + " connections");
            t.notes.add("traces: " + tracedExports + " OTLP export requests, " + fmt(receivers.traceBytes() / 1e3)
                    + " kB");
            t.notes.add("PostgreSQL's time by statement (pg_stat_statements, whole run, top 8):\n" + topStatements(8));
            print(t, personaBalanced && plaidBalanced);
            return personaBalanced && plaidBalanced ? 0 : 2;
        }

        private void print(Figures t, boolean balanced) {
            StringBuilder out = new StringBuilder();
            out.append("\n==== Veriflow benchmark (").append(full ? "full" : "short").append(": held rates over ")
                    .append(window.toSeconds()).append(" s; ").append(cpus)
                    .append(" CPUs shared by service, PostgreSQL and load generator) ====\n");
            out.append(String.format("%-40s %12s  %-26s %s%n", "metric", "measured", "ratio / note", "target"));
            for (String[] row : t.rows.values()) {
                out.append(String.format("%-40s %12s  %-26s %s%n", (Object[]) row));
            }
            t.notes.forEach(note -> out.append(note).append('\n'));
            out.append(balanced ? "ledger BALANCED\n" : "ledger DOES NOT BALANCE: this run is VOID\n");
            // The table on standard output is this command's product (it is a benchmark, not the service: no logger).
            System.out.print(out);
            System.out.flush();
        }

        private void latency(Figures t, String provider, OpenLoop.Step half) {
            if (half == null) {
                return;
            }
            Histogram h = half.all();
            t.row(provider + " latency @ " + fmt(half.rate()) + "/s p50 ms", ms(h, 50), "", "");
            t.row(provider + " latency p90 ms", ms(h, 90), "", "");
            t.row(provider + " latency p99 ms", ms(h, 99), "", "<= 15 ms" + met(h.getValueAtPercentile(99)
                    <= 15_000_000L));
            t.row(provider + " latency p99.9 ms", ms(h, 99.9), "", "");
            t.row(provider + " latency max ms", String.format("%.2f", OpenLoop.ms(h.getMaxValue())), "", "");
        }

        private boolean ledger(String provider, OpenLoop.Ledger ledger) throws Exception {
            long sent = ledger.sent.sum();
            long acknowledged = ledger.acknowledged.sum();
            long rejected = ledger.rejected.sum();
            long errors = ledger.errors.sum();
            List<String> ids = new ArrayList<>(ledger.acknowledgedIds);
            long[] counts = signalLogCounts(ids);
            boolean adds = sent == acknowledged + rejected + errors;
            boolean balanced = adds && ids.size() == acknowledged && counts[0] == ids.size() && counts[1] == 0
                    && counts[2] == ids.size();
            figures.notes.add(String.format("%s ledger: sent %d = acknowledged %d + rejected %d + errors %d: %s; "
                            + "acknowledged deliveries in signal_log: %d of %d, %d duplicated, %d rows: %s", provider,
                    sent, acknowledged, rejected, errors, adds ? "yes" : "NO", counts[0], ids.size(), counts[1],
                    counts[2], balanced ? "BALANCED" : "VOID"));
            return balanced;
        }

        /** A held rate, and the CPU split measured at it. */
        private record Held(double rate, String cpu) {
        }

        /**
         * Doubles from {@code from} while held, bisects three times between the last held and the first failed rate
         * (steps of {@link #step}), then holds the best rate for a whole {@link #window}; if that fails, 10 % less.
         */
        private Held held(ServiceProcess service, long postmaster, LongFunction<OpenLoop.Call> calls,
                OpenLoop.Ledger ledger, double from) throws Exception {
            double held = 0;
            double failed = 0;
            double rate = from;
            while (rate <= 64_000) {
                if (run(service, postmaster, calls, ledger, rate, step).held()) {
                    held = rate;
                    rate *= 2;
                } else {
                    failed = rate;
                    break;
                }
            }
            if (failed > 0) {
                double lo = held;
                double hi = failed;
                for (int i = 0; i < 3; i++) {
                    double mid = Math.round((lo + hi) / 2);
                    if (run(service, postmaster, calls, ledger, mid, step).held()) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                held = lo;
            }
            for (int attempt = 0; attempt < 4 && held > 0; attempt++) {
                say("  holding %.0f/s for %d s:", held, window.toSeconds());
                CpuSplit before = CpuSplit.now(service.pid(), postmaster);
                if (run(service, postmaster, calls, ledger, held, window).held()) {
                    return new Held(held, CpuSplit.now(service.pid(), postmaster).since(before));
                }
                held = Math.floor(held * 0.9);
            }
            return new Held(0, "n/a");
        }

        /**
         * A fresh JVM on two cores spends minutes compiling (C2 alone takes ~0.4 of a core under load at first), and
         * every webhook leaves a reconcile behind: a ramp (50/s, 100/s, 200/s, {@link #warmup} each) before any
         * measurement, then until the service's tasks are done, so a search step measures the rate, not the backlog
         * of the step before or the JIT.
         */
        private void warmUp(String what, ServiceProcess service, long postmaster, LongFunction<OpenLoop.Call> calls,
                OpenLoop.Ledger ledger) throws Exception {
            say("%s ingest warm-up: 50/s, 100/s, 200/s, %d s each", what, warmup.toSeconds());
            for (double rate : new double[] {50, 100, 200}) {
                run(service, postmaster, calls, ledger, rate, warmup);
            }
            awaitQuiet(what + " warm-up's reconciles");
        }

        /**
         * Waits until no task is due or running (reconciles of the webhooks sent so far; one rescheduled for later does
         * not count); with a null {@code what}, says nothing when that took under a second.
         */
        private void awaitQuiet(String what) throws Exception {
            long began = System.nanoTime();
            long deadline = began + Duration.ofMinutes(3).toNanos();
            long left = unfinishedTasks();
            while (left > 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                left = unfinishedTasks();
            }
            double waited = (System.nanoTime() - began) / 1e9;
            if (what != null || waited >= 1) {
                say("waited %.1f s for %s to finish (%d tasks left)", waited, what == null ? "the tasks" : what, left);
            }
        }

        private long unfinishedTasks() throws Exception {
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT count(*) FROM task WHERE state = 'running' OR (state = 'pending' AND not_before <= now())")) {
                result.next();
                return result.getLong(1);
            }
        }

        private OpenLoop.Step run(ServiceProcess service, long postmaster, LongFunction<OpenLoop.Call> calls,
                OpenLoop.Ledger ledger, double rate, Duration length) throws Exception {
            awaitQuiet(null); // each step from an idle service: the step before left no work behind
            CpuSplit before = CpuSplit.now(service.pid(), postmaster);
            OpenLoop.Step result = load.run(rate, length, calls, ledger);
            say("  %s", result.line());
            say("            cpu: %s", CpuSplit.now(service.pid(), postmaster).since(before));
            return result;
        }

        /** Signed, distinct Persona webhooks (inquiry.started / inquiry.completed of the started inquiries). */
        private LongFunction<OpenLoop.Call> personaWebhooks(URI base) {
            URI uri = base.resolve("/webhooks/persona");
            return index -> {
                long n = personaSeq.getAndIncrement();
                Session session = personaSessions.get((int) (n % personaSessions.size()));
                boolean completedInquiry = (n / personaSessions.size()) % 2 == 1;
                String template = completedInquiry ? completed : started;
                persona.webhookSent(session.ref(), completedInquiry);
                String eventId = "evt_" + runTag + String.format("%020d", n);
                String body = BenchPersona.readdress(template, session.ref(), session.subject())
                        .replaceFirst("evt_[A-Za-z0-9]+", eventId);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                long t = Instant.now().getEpochSecond();
                return new OpenLoop.Call(eventId, HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Persona-Signature", "t=" + t + ",v1=" + hmac(t, bytes))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build());
            };
        }

        /**
         * Plaid webhooks ({@code STATUS_UPDATED} of the pre-created attempts), each signed anew (ES256 JWT in
         * {@code Plaid-Verification}), so each is a distinct delivery; its ledger id is the adapter's dedupe key:
         * {@code plaid:wh:<sha256(body)>:<iat>:<sha256(signature)[0..16]>}.
         */
        private LongFunction<OpenLoop.Call> plaidWebhooks(URI base) {
            URI uri = base.resolve("/webhooks/plaid");
            AtomicLong sequence = new AtomicLong();
            return index -> {
                long n = sequence.getAndIncrement();
                Session session = plaidSessions.get((int) (n % plaidSessions.size()));
                byte[] body = plaidWebhook.replace("idv_8Wq3Nn5pTzKvLm", session.ref())
                        .getBytes(StandardCharsets.UTF_8);
                Instant iat = Instant.now();
                String jwt = plaid.signer().sign(body, iat);
                String signature = jwt.substring(jwt.lastIndexOf('.') + 1);
                String key = "plaid:wh:" + sha256(body) + ":" + iat.getEpochSecond() + ":"
                        + sha256(signature.getBytes(StandardCharsets.US_ASCII)).substring(0, 16);
                return new OpenLoop.Call(key, HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Plaid-Verification", jwt)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
            };
        }

        private String createTenant(URI base) throws Exception {
            Map<String, Object> answer = send(base, "/admin/tenants", operatorKey,
                    "{\"id\":\"" + TENANT + "\",\"display_name\":\"Benchmark\"}", 201);
            return (String) answer.get("api_key");
        }

        private String registerEndpoint(URI base) throws Exception {
            Map<String, Object> answer = send(base, "/v1/webhook-endpoints", apiKey,
                    "{\"url\":\"" + receivers.webhookUrl() + "\",\"description\":\"benchmark receiver\"}", 201);
            return (String) answer.get("id");
        }

        private long replay(URI base, String endpoint) throws Exception {
            Map<String, Object> answer = send(base, "/v1/webhook-endpoints/" + endpoint + "/replay", apiKey,
                    "{\"since\":\"2000-01-01T00:00:00Z\"}", 202);
            return ((Number) answer.values().iterator().next()).longValue();
        }

        private Map<String, Object> send(URI base, String path, String bearer, String body, int expected)
                throws Exception {
            HttpResponse<byte[]> response = load.client().send(HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + bearer)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = JSON.readValue(response.body(), Map.class);
            return answer;
        }

        private List<Session> startSessions(URI base, String provider, int count) throws Exception {
            long t0 = System.nanoTime();
            List<Future<Session>> futures = new ArrayList<>();
            Semaphore parallel = new Semaphore(32);
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < count; i++) {
                    String subject = (provider.equals("plaid") ? "cus_bench" : "usr_bench_") + i;
                    futures.add(executor.submit(() -> {
                        parallel.acquire();
                        try {
                            String template = provider.equals("plaid") ? BenchPlaid.TEMPLATE : BenchPersona.TEMPLATE;
                            String expectedRef = provider.equals("persona") ? persona.inquiryFor(subject) : null;
                            Map<String, Object> answer = startSession(base, provider, template, subject);
                            @SuppressWarnings("unchecked")
                            Map<String, Object> session = (Map<String, Object>) answer.get("session");
                            String ref = expectedRef != null ? expectedRef : plaid.attemptOf(subject);
                            if (ref == null) {
                                throw new IllegalStateException("no provider attempt for " + subject);
                            }
                            return new Session(UUID.fromString((String) session.get("id")), ref, subject);
                        } finally {
                            parallel.release();
                        }
                    }));
                }
            }
            List<Session> sessions = new ArrayList<>();
            for (Future<Session> future : futures) {
                sessions.add(future.get());
            }
            say("started %d %s sessions through POST /v1/sessions in %.1f s", count, provider,
                    (System.nanoTime() - t0) / 1e9);
            return sessions;
        }

        private Map<String, Object> startSession(URI base, String provider, String template, String subject)
                throws Exception {
            HttpResponse<byte[]> response = load.client().send(HttpRequest.newBuilder(base.resolve("/v1/sessions"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"" + provider
                                    + "\",\"template\":\"" + template + "\",\"subject\":\"" + subject + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /v1/sessions answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = JSON.readValue(response.body(), Map.class);
            return answer;
        }

        /** Rate of the signal log's insert: one statement per transaction (autocommit), synchronous commit on. */
        private double pgRate(String payload, int connections) throws Exception {
            LongAdder inserted = new LongAdder();
            String tag = UUID.randomUUID().toString();
            long end = System.nanoTime() + window.toNanos();
            List<Future<?>> workers = new ArrayList<>();
            try (ExecutorService executor = Executors.newFixedThreadPool(connections)) {
                for (int c = 0; c < connections; c++) {
                    int worker = c;
                    workers.add(executor.submit(() -> {
                        try (Connection connection = connect()) {
                            try (Statement statement = connection.createStatement()) {
                                statement.execute("SET synchronous_commit = on");
                            }
                            connection.setAutoCommit(true);
                            Array noEvents = connection.createArrayOf("text", new String[0]);
                            try (PreparedStatement insert = connection.prepareStatement(SIGNAL_SQL)) {
                                long n = 0;
                                while (System.nanoTime() < end) {
                                    Session session = personaSessions.get((int) (n % personaSessions.size()));
                                    Timestamp now = Timestamp.from(Instant.now());
                                    insert.setString(1, TENANT);
                                    insert.setObject(2, session.id());
                                    insert.setString(3, "bench-pg");
                                    insert.setString(4, "pg_" + tag + "_" + worker + "_" + n++);
                                    insert.setString(5, "inquiry.started");
                                    insert.setString(6, "NOTIFICATION");
                                    insert.setTimestamp(7, now);
                                    insert.setTimestamp(8, now);
                                    insert.setString(9, "CHANGED");
                                    insert.setString(10, null);
                                    insert.setArray(11, noEvents);
                                    insert.setString(12, payload);
                                    insert.setString(13, null);
                                    inserted.add(insert.executeUpdate());
                                }
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return inserted.sum() / (window.toNanos() / 1e9);
        }

        /** Waits until every delivery is delivered (or failed); returns how many were still pending at the end. */
        private long awaitOutboxDrained(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            Supplier<Long> pending = () -> {
                try (Connection connection = connect(); Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery(
                                "SELECT count(*) FROM delivery WHERE state NOT IN ('delivered', 'failed')")) {
                    result.next();
                    return result.getLong(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            long left = pending.get();
            while (left > 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                left = pending.get();
            }
            return left;
        }

        /** The statements PostgreSQL spent most time executing, with calls and mean time (whole run). */
        private String topStatements(int count) throws Exception {
            StringBuilder out = new StringBuilder();
            try (Connection connection = postgres.connect("veriflow");
                    PreparedStatement query = connection.prepareStatement("""
                            SELECT total_exec_time, calls, mean_exec_time, rows,
                                   regexp_replace(query, '\\s+', ' ', 'g') AS query
                              FROM pg_stat_statements
                             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'veriflow')
                             ORDER BY total_exec_time DESC LIMIT ?""")) {
                query.setInt(1, count);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String text = rows.getString(5);
                        out.append(String.format("  %9.0f ms %8d calls %7.3f ms/call %8d rows  %s%n",
                                rows.getDouble(1), rows.getLong(2), rows.getDouble(3), rows.getLong(4),
                                text.length() > 110 ? text.substring(0, 110) + "..." : text));
                    }
                }
            }
            return out.toString().stripTrailing();
        }

        /** How many signal-log rows each provider's signals left, by effect (changed, ignored, rejected). */
        private Map<String, Long> effects() throws Exception {
            Map<String, Long> effects = new LinkedHashMap<>();
            try (Connection connection = connect();
                    PreparedStatement query = connection.prepareStatement("""
                            SELECT provider_id, effect_result, count(*) FROM signal_log
                             WHERE tenant_id = ? AND provider_id <> 'bench-pg'
                             GROUP BY provider_id, effect_result ORDER BY provider_id, effect_result""")) {
                query.setString(1, TENANT);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        effects.put(rows.getString(1) + " " + rows.getString(2), rows.getLong(3));
                    }
                }
            }
            return effects;
        }

        /** {distinct acknowledged ids found, ids found more than once, rows} in the signal log. */
        private long[] signalLogCounts(List<String> ids) throws Exception {
            try (Connection connection = connect();
                    PreparedStatement query = connection.prepareStatement("""
                            SELECT count(*) AS distinct_keys, count(*) FILTER (WHERE n > 1) AS duplicated,
                                   coalesce(sum(n), 0) AS rows_found
                            FROM (SELECT dedupe_key, count(*) AS n FROM signal_log
                                  WHERE tenant_id = ? AND dedupe_key = ANY(?) GROUP BY dedupe_key) found""")) {
                query.setString(1, TENANT);
                query.setArray(2, connection.createArrayOf("text", ids.toArray(String[]::new)));
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    return new long[] {result.getLong(1), result.getLong(2), result.getLong(3)};
                }
            }
        }

        private Connection connect() throws Exception {
            return DriverManager.getConnection(postgres.jdbcUrl("veriflow"), "veriflow", "bench");
        }
    }

    private static String hmac(long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ratio(double value, double base, String name) {
        return base > 0 ? String.format("%.2f x %s", value / base, name) : "";
    }

    private static String met(boolean met) {
        return met ? " MET" : " MISSED";
    }

    private static String fmt(double value) {
        return String.format("%.0f", value);
    }

    private static String ms(Histogram h, double percentile) {
        return String.format("%.2f", OpenLoop.ms(h.getValueAtPercentile(percentile)));
    }

    /** Progress lines on standard output, like the table: this command's output, not logging. */
    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
        System.out.flush();
    }
}
