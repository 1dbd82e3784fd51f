package io.veriflow.app.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * The benchmark of issue 6 (a command, not a test; see README "Benchmark"). In one run, in one JVM: starts the
 * service in-process on the embedded PostgreSQL with Persona configured against a local fake, starts sessions over
 * the real API, measures the baselines B_pg (the signal log's own insert over plain JDBC) and B_http (a bare POST
 * answering 204), searches the highest constant arrival rate of signed, distinct Persona webhooks held with zero
 * errors and no growing backlog, measures latency open-loop at half that rate, checks the ledger, and prints a table.
 *
 * <p>Arguments: {@code full} (or {@code --full}) for 60 s windows after a 15 s warm-up; default short: 10 s windows
 * after a 5 s warm-up. {@code sessions=N} (default 2000).
 */
public final class Benchmark {

    static final String SECRET = "wbhsec_6f1c3e2a-9b4d-4c7e-8a15-2d3f4b5c6d7e";
    static final String TENANT = "bench";
    static final String SIGNAL_SQL = """
            INSERT INTO signal_log (tenant_id, session_id, provider_id, dedupe_key, name, authority, occurred_at,
                                    received_at, effect_result, effect_reason, effect_events, payload, traceparent)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
            ON CONFLICT (tenant_id, provider_id, dedupe_key) DO NOTHING""";

    private record Session(UUID id, String inquiry, String subject) {
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean full = false;
        int sessionCount = 2000;
        for (String arg : args) {
            if (arg.equals("full") || arg.equals("--full")) {
                full = true;
            } else if (arg.startsWith("sessions=")) {
                sessionCount = Integer.parseInt(arg.substring("sessions=".length()));
            }
        }
        Duration window = full ? Duration.ofSeconds(60) : Duration.ofSeconds(10);
        Duration warmup = full ? Duration.ofSeconds(15) : Duration.ofSeconds(5);
        int cpus = Runtime.getRuntime().availableProcessors();
        say("Veriflow benchmark: %s windows (%d s, warm-up %d s), %d CPUs, Java %s", full ? "FULL" : "SHORT",
                window.toSeconds(), warmup.toSeconds(), cpus, Runtime.version());

        int exit = 0;
        try (BenchPersona persona = new BenchPersona()) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("micronaut.server.port", -1);
            properties.put("veriflow.embedded-postgres.database", "");
            properties.put("veriflow.dev-tenant.enabled", false);
            properties.put("veriflow.bench.enabled", true);
            properties.put("veriflow.persona.api-key", "persona_production_bench_not_a_real_key");
            properties.put("veriflow.persona.base-url", persona.baseUrl());
            properties.put("veriflow.persona.webhook-secrets", SECRET);
            properties.put("veriflow.work.enabled", true);
            properties.put("veriflow.providers.persona.resilience.rate-limiter.limit-for-period", 1_000_000);
            properties.put("logger.levels.ROOT", "WARN");

            long t0 = System.nanoTime();
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
            ApplicationContext context = server.getApplicationContext();
            URI base = URI.create("http://127.0.0.1:" + server.getPort());
            OpenLoop load = new OpenLoop();
            HttpClient http = load.client();
            awaitHealth(http, base);
            double startupMs = (System.nanoTime() - t0) / 1e6;
            say("startup to ready (context start -> /health UP, embedded PostgreSQL included): %.0f ms", startupMs);
            try {
                exit = run(context, base, load, persona, sessionCount, window, warmup, startupMs, full, cpus);
            } finally {
                server.close();
                context.close();
            }
        }
        System.exit(exit);
    }

    private static int run(ApplicationContext context, URI base, OpenLoop load, BenchPersona persona,
            int sessionCount, Duration window, Duration warmup, double startupMs, boolean full, int cpus)
            throws Exception {
        JsonMapper json = context.getBean(JsonMapper.class);
        String apiKey = context.getBean(Tenants.class).create(new TenantId(TENANT), "Benchmark", Optional.empty())
                .key().reveal();
        List<Session> sessions = startSessions(load.client(), json, base, apiKey, persona, sessionCount);

        HikariDataSource hikari = (HikariDataSource) context.getBean(DataSourceResolver.class)
                .resolve(context.getBean(DataSource.class));
        int poolSize = hikari.getMaximumPoolSize();
        String started = BenchPersona.fixture("webhooks/inquiry.started.json");
        String completed = BenchPersona.fixture("webhooks/inquiry.completed.json");
        String payload = BenchPersona.readdress(started, sessions.get(0).inquiry(), sessions.get(0).subject());

        // Baselines: the signal log's insert over plain JDBC, at the pool size and at 16 connections.
        String pgSettings = pgSettings(hikari);
        say("PostgreSQL (embedded) server settings: %s", pgSettings);
        double bPgPool = pgRate(hikari, sessions, payload, poolSize, window);
        say("B_pg(%d) = %.0f inserts/s", poolSize, bPgPool);
        double bPg16 = pgRate(hikari, sessions, payload, 16, window);
        say("B_pg(16) = %.0f inserts/s", bPg16);

        // Ingest: signed, distinct Persona webhooks (inquiry.started / inquiry.completed of the started inquiries).
        OpenLoop.Ledger ledger = new OpenLoop.Ledger();
        AtomicLong eventSeq = new AtomicLong();
        String runTag = BenchPersona.freshId("").substring(0, 8);
        URI webhookUri = base.resolve("/webhooks/persona");
        LongFunction<OpenLoop.Call> webhooks = index -> {
            long n = eventSeq.getAndIncrement();
            Session session = sessions.get((int) (n % sessions.size()));
            String template = (n / sessions.size()) % 2 == 0 ? started : completed;
            String eventId = "evt_" + runTag + String.format("%020d", n);
            String body = BenchPersona.readdress(template, session.inquiry(), session.subject())
                    .replaceFirst("evt_[A-Za-z0-9]+", eventId);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            long t = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(webhookUri)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Persona-Signature", "t=" + t + ",v1=" + hmac(t, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build();
            return new OpenLoop.Call(eventId, request);
        };
        say("ingest warm-up: %d s at 200/s", warmup.toSeconds());
        say("  %s", load.run(200, warmup, webhooks, ledger).line());
        say("ingest search (doubling from 250/s, then 3 bisections), %d s per step:", window.toSeconds());
        double ingest = search(load, webhooks, ledger, 250, window);
        say("ingest held: %.0f webhooks/s", ingest);

        OpenLoop.Step half = null;
        if (ingest > 0) {
            say("latency at 50%% of the held rate (%.0f/s), %d s, from each request's scheduled send time:",
                    ingest / 2, window.toSeconds());
            CpuSplit before = CpuSplit.now();
            half = load.run(ingest / 2, window, webhooks, ledger);
            say("  %s", half.line());
            say("            cpu: %s", CpuSplit.now().since(before));
        }

        // B_http: the bare POST (reads the body, 204) with the same generator and the same ~3 kB bodies.
        OpenLoop.Ledger httpLedger = new OpenLoop.Ledger();
        URI noop = base.resolve("/webhooks/bench-noop");
        byte[] noopBody = payload.getBytes(StandardCharsets.UTF_8);
        LongFunction<OpenLoop.Call> bare = index -> new OpenLoop.Call(null, HttpRequest.newBuilder(noop)
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(noopBody)).build());
        say("B_http warm-up and search (from %.0f/s):", Math.max(250, ingest));
        load.run(500, warmup, bare, httpLedger);
        double bHttp = search(load, bare, httpLedger, Math.max(250, ingest), window);
        say("B_http held: %.0f requests/s", bHttp);

        // Ledger.
        long sent = ledger.sent.sum();
        long acknowledged = ledger.acknowledged.sum();
        long rejected = ledger.rejected.sum();
        long errors = ledger.errors.sum();
        List<String> ids = new ArrayList<>(ledger.acknowledgedIds);
        long[] counts = signalLogCounts(hikari, ids);
        boolean balanced = sent == acknowledged + rejected + errors && ids.size() == acknowledged
                && counts[0] == ids.size() && counts[1] == 0 && counts[2] == ids.size();
        long rss = rssKb();

        // Table.
        StringBuilder t = new StringBuilder();
        t.append("\n==== Veriflow benchmark (").append(full ? "full: 60 s windows" : "short: 10 s windows, --full for 60 s")
                .append("; ").append(cpus).append(" CPUs; service, embedded PostgreSQL and load generator on this machine) ====\n");
        row(t, "metric", "measured", "ratio", "target");
        row(t, "B_pg(" + poolSize + ") signal-log insert/s", fmt(bPgPool), "", "");
        row(t, "B_pg(16) signal-log insert/s", fmt(bPg16), "", "");
        row(t, "B_http bare POST 204/s", fmt(bHttp), "", "");
        row(t, "ingest Persona webhooks/s (held)", fmt(ingest), String.format("%.2f x B_pg(16)", ingest / bPg16),
                ">= 0.5 x B_pg(16) = " + fmt(bPg16 / 2) + (ingest >= bPg16 / 2 ? " MET" : " MISSED"));
        row(t, "", "", String.format("%.2f x B_http", bHttp > 0 ? ingest / bHttp : 0), "");
        if (half != null) {
            Histogram h = half.all();
            row(t, "latency @ " + fmt(half.rate()) + "/s p50 ms", ms(h, 50), "", "");
            row(t, "latency p90 ms", ms(h, 90), "", "");
            row(t, "latency p99 ms", ms(h, 99), "", "<= 15 ms" + (h.getValueAtPercentile(99) <= 15_000_000L
                    ? " MET" : " MISSED"));
            row(t, "latency p99.9 ms", ms(h, 99.9), "", "");
            row(t, "latency max ms", String.format("%.2f", OpenLoop.ms(h.getMaxValue())), "", "");
        }
        row(t, "startup to ready ms", fmt(startupMs), "embedded PG",
                "<= 1500 ms (external PG)" + (startupMs <= 1500 ? " MET" : " not comparable/MISSED"));
        row(t, "RSS of this JVM after run MB", fmt(rss / 1024.0), "incl. generator", "<= 350 MB"
                + (rss / 1024.0 <= 350 ? " MET" : " MISSED"));
        row(t, "outbox deliveries/s", "not measured", "", ">= 1500/s");
        row(t, "tracing cost @100% sampling", "not measured", "", "");
        t.append("embedded PostgreSQL: ").append(pgSettings)
                .append(" (B_pg sets synchronous_commit=on per connection; the service uses the server default)\n");
        t.append(String.format("ledger (all ingest steps): sent %d = acknowledged %d + rejected %d + errors %d: %s;"
                + " acknowledged evt_ ids in signal_log: %d of %d distinct, %d duplicated, %d rows%n",
                sent, acknowledged, rejected, errors, sent == acknowledged + rejected + errors ? "yes" : "NO",
                counts[0], ids.size(), counts[1], counts[2]));
        t.append(balanced ? "ledger BALANCED\n" : "ledger DOES NOT BALANCE: this run is VOID\n");
        // The table on standard output is this command's product (it is a benchmark, not the service: no logger).
        System.out.print(t);
        System.out.flush();
        return balanced ? 0 : 2;
    }

    private static double search(OpenLoop load, LongFunction<OpenLoop.Call> calls, OpenLoop.Ledger ledger,
            double from, Duration window) throws InterruptedException {
        double held = 0;
        double failed = 0;
        double rate = from;
        while (rate <= 64_000) {
            CpuSplit before = CpuSplit.now();
            OpenLoop.Step step = load.run(rate, window, calls, ledger);
            say("  %s", step.line());
            say("            cpu: %s", CpuSplit.now().since(before));
            if (!step.held()) {
                failed = rate;
                break;
            }
            held = rate;
            rate *= 2;
        }
        if (failed == 0) {
            return held;
        }
        double lo = held;
        double hi = failed;
        for (int i = 0; i < 3; i++) {
            double mid = Math.round((lo + hi) / 2);
            CpuSplit before = CpuSplit.now();
            OpenLoop.Step step = load.run(mid, window, calls, ledger);
            say("  %s", step.line());
            say("            cpu: %s", CpuSplit.now().since(before));
            if (step.held()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static List<Session> startSessions(HttpClient http, JsonMapper json, URI base, String apiKey,
            BenchPersona persona, int count) throws Exception {
        long t0 = System.nanoTime();
        List<Future<Session>> futures = new ArrayList<>();
        Semaphore parallel = new Semaphore(32);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String subject = "usr_bench_" + i;
                futures.add(executor.submit(() -> {
                    parallel.acquire();
                    try {
                        String inquiry = persona.inquiryFor(subject);
                        String body = "{\"provider\":\"persona\",\"template\":\"" + BenchPersona.TEMPLATE
                                + "\",\"subject\":\"" + subject + "\"}";
                        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/sessions"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + apiKey)
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("POST /v1/sessions answered " + response.statusCode()
                                    + ": " + new String(response.body(), StandardCharsets.UTF_8));
                        }
                        @SuppressWarnings("unchecked")
                        Map<String, Object> answer = json.readValue(response.body(), Map.class);
                        @SuppressWarnings("unchecked")
                        Map<String, Object> session = (Map<String, Object>) answer.get("session");
                        return new Session(UUID.fromString((String) session.get("id")), inquiry, subject);
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
        say("started %d sessions through POST /v1/sessions in %.1f s", count, (System.nanoTime() - t0) / 1e9);
        return sessions;
    }

    /** Rate of the signal log's insert: one statement per transaction (autocommit), synchronous commit on. */
    private static double pgRate(HikariDataSource hikari, List<Session> sessions, String payload, int connections,
            Duration window) throws Exception {
        LongAdder inserted = new LongAdder();
        String tag = UUID.randomUUID().toString();
        long end = System.nanoTime() + window.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(connections)) {
            for (int c = 0; c < connections; c++) {
                int worker = c;
                workers.add(executor.submit(() -> {
                    try (Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(),
                            hikari.getUsername(), hikari.getPassword())) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("SET synchronous_commit = on");
                        }
                        connection.setAutoCommit(true);
                        Array noEvents = connection.createArrayOf("text", new String[0]);
                        try (PreparedStatement insert = connection.prepareStatement(SIGNAL_SQL)) {
                            long n = 0;
                            while (System.nanoTime() < end) {
                                Session session = sessions.get((int) (n % sessions.size()));
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

    /** {distinct acknowledged ids found, ids found more than once, rows} in the signal log. */
    private static long[] signalLogCounts(HikariDataSource hikari, List<String> ids) throws Exception {
        try (Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(),
                hikari.getPassword());
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

    private static String pgSettings(HikariDataSource hikari) throws Exception {
        try (Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(),
                hikari.getPassword());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('fsync'),"
                        + " current_setting('synchronous_commit'), current_setting('server_version')")) {
            result.next();
            return "fsync=" + result.getString(1) + ", synchronous_commit=" + result.getString(2) + ", version "
                    + result.getString(3);
        }
    }

    private static void awaitHealth(HttpClient http, URI base) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 6000; i++) {
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        throw new IllegalStateException("/health never reported UP");
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

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private static void row(StringBuilder t, String a, String b, String c, String d) {
        t.append(String.format("%-36s %14s  %-20s %s%n", a, b, c, d));
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
