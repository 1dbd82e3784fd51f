package io.veriflow.app.e2e.persona;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.veriflow.app.e2e.persona.PersonaFixtures.Inquiry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Persona API (JDK {@link HttpServer}) serving the shared fixtures for scripted inquiries:
 *
 * <ul>
 *   <li>{@code POST /api/v1/inquiries}: the inquiry scripted for the request's
 *       {@code meta.auto-create-account-reference-id}, answered with {@code get-inquiry.created.json} re-addressed to
 *       it (asked again, it answers the same inquiry, as Persona does for a repeated {@code Idempotency-Key});
 *   <li>{@code GET /api/v1/inquiries/{id}}: the inquiry's current state, set by the test step by step;
 *   <li>{@code POST /api/v1/inquiries/{id}/resume}: {@code post-resume.pending.json} with a freshly minted session
 *       token (a JWT-shaped string whose {@code exp} is a day ahead), which also becomes the current state;
 *   <li>any of them first answers the failures queued for it ({@code 503}, {@code 429} with {@code Retry-After}).
 * </ul>
 * Every request is remembered with its headers and arrival time.
 */
public final class FakePersona implements AutoCloseable {

    private static final Pattern REFERENCE = Pattern.compile(
            "\"auto-create-account-reference-id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern INQUIRY_PATH = Pattern.compile("/api/v1/inquiries/([^/]+)(/resume)?");
    private static final String RESUME_FIXTURE = "api/post-resume.pending.json";

    /** A request as it arrived. */
    record Seen(String method, String path, Map<String, String> headers, String body, Instant at) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** An error answer to give before the real one. */
    record Failure(int status, Optional<String> retryAfter) {
        static Failure unavailable() {
            return new Failure(503, Optional.empty());
        }

        static Failure rateLimited(int retryAfterSeconds) {
            return new Failure(429, Optional.of(Integer.toString(retryAfterSeconds)));
        }

        String body() {
            return PersonaFixtures.text(status == 429 ? "api/errors/429-rate-limited.json"
                    : "api/errors/503-service-unavailable.json");
        }
    }

    /** One scripted inquiry: its id, its current state, its queued failures and what was asked of it. */
    public static final class ScriptedInquiry {
        private final Inquiry inquiry;
        private final Clock clock;
        private final Deque<Failure> createFailures = new ArrayDeque<>();
        private final Deque<Failure> retrieveFailures = new ArrayDeque<>();
        private final List<Instant> retrievals = new CopyOnWriteArrayList<>();
        private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
        private volatile String current;
        private volatile boolean created;

        private ScriptedInquiry(Inquiry inquiry, Clock clock) {
            this.inquiry = inquiry;
            this.clock = clock;
            this.current = PersonaFixtures.about("api/get-inquiry.created.json", inquiry);
        }

        public Inquiry inquiry() {
            return inquiry;
        }

        /** From now on, {@code GET} answers this API fixture ({@code api/get-inquiry.approved.json}), re-addressed. */
        public ScriptedInquiry shows(String apiFixture) {
            current = PersonaFixtures.about(apiFixture, inquiry);
            return this;
        }

        /** The next retrievals answer these failures first, in order. */
        synchronized ScriptedInquiry failsRetrievals(Failure... failures) {
            retrieveFailures.addAll(List.of(failures));
            return this;
        }

        /** The next creates answer these failures first, in order. */
        synchronized ScriptedInquiry failsCreates(Failure... failures) {
            createFailures.addAll(List.of(failures));
            return this;
        }

        /** When each {@code GET} of this inquiry arrived, failed ones included. */
        List<Instant> retrievals() {
            return List.copyOf(retrievals);
        }

        /** The session tokens handed out by resumes, in order. */
        List<String> issuedTokens() {
            return List.copyOf(issuedTokens);
        }

        boolean created() {
            return created;
        }

        private synchronized Optional<Failure> nextFailure(Deque<Failure> queue) {
            return Optional.ofNullable(queue.poll());
        }

        private String resume() {
            Instant now = clock.instant();
            String token = mintToken(now);
            issuedTokens.add(token);
            String resumed = PersonaFixtures.about(RESUME_FIXTURE, inquiry)
                    .replace(PersonaFixtures.scenarioToken("resumeSessionToken"), token);
            current = resumed.replaceFirst("\"meta\"\\s*:\\s*\\{[^}]*}", "\"meta\":{}");
            return resumed;
        }

        private static String mintToken(Instant now) {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String header = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
            String claims = base64.encodeToString(("{\"sub\":\"iqse_fake\",\"aud\":\"persona-verify\",\"iat\":"
                    + now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 86_400) + ",\"jti\":\""
                    + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
            String signature = base64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            return header + "." + claims + "." + signature;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock;
    private final Map<String, ScriptedInquiry> bySubject = new ConcurrentHashMap<>();
    private final Map<String, ScriptedInquiry> byId = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile long retrievalLatencyNanos;

    private FakePersona(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/inquiries", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static FakePersona start() {
        try {
            return new FakePersona(Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake Persona API", e);
        }
    }

    /** From now on each retrieval of an inquiry is answered only {@code latency} after it arrived (a slow API). */
    public void answerRetrievalsAfter(Duration latency) {
        retrievalLatencyNanos = latency.toNanos();
    }

    /** The API root to configure as {@code veriflow.persona.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    /** Scripts the inquiry that {@code POST /inquiries} creates for {@code inquiry.subject()} (once; then returns it). */
    public synchronized ScriptedInquiry script(Inquiry inquiry) {
        ScriptedInquiry known = bySubject.get(inquiry.subject());
        if (known != null) {
            if (!known.inquiry().equals(inquiry)) {
                throw new IllegalStateException("subject " + inquiry.subject() + " is scripted for another inquiry");
            }
            return known;
        }
        ScriptedInquiry scripted = new ScriptedInquiry(inquiry, clock);
        bySubject.put(inquiry.subject(), scripted);
        byId.put(inquiry.id(), scripted);
        return scripted;
    }

    /** Every request received so far. */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The requests about one inquiry (its create included). */
    List<Seen> seenFor(Inquiry inquiry) {
        return seen.stream()
                .filter(request -> request.path().contains(inquiry.id()) || request.body().contains(
                        "\"" + inquiry.subject() + "\""))
                .toList();
    }

    long resumesOf(Inquiry inquiry) {
        return seen.stream().filter(request -> request.method().equals("POST")
                && request.path().equals("/api/v1/inquiries/" + inquiry.id() + "/resume")).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(method, path, headers, body, clock.instant()));
            if (!headers.getOrDefault("authorization", "").startsWith("Bearer ")) {
                send(exchange, 401, PersonaFixtures.text("api/errors/401-unauthorized.json"), Optional.empty());
                return;
            }
            if (method.equals("POST") && path.equals("/api/v1/inquiries")) {
                create(exchange, body);
                return;
            }
            Matcher matcher = INQUIRY_PATH.matcher(path);
            ScriptedInquiry inquiry = matcher.matches() ? byId.get(matcher.group(1)) : null;
            if (inquiry == null || !inquiry.created()) {
                send(exchange, 404, PersonaFixtures.text("api/errors/404-not-found.json"), Optional.empty());
                return;
            }
            boolean resume = matcher.group(2) != null;
            if (method.equals("GET") && !resume) {
                inquiry.retrievals.add(clock.instant());
                long latency = retrievalLatencyNanos;
                if (latency > 0) {
                    LockSupport.parkNanos(latency); // a slow API: the caller's task stays running meanwhile
                }
                Optional<Failure> failure = inquiry.nextFailure(inquiry.retrieveFailures);
                if (failure.isPresent()) {
                    send(exchange, failure.get().status(), failure.get().body(), failure.get().retryAfter());
                } else {
                    send(exchange, 200, inquiry.current, Optional.empty());
                }
            } else if (method.equals("POST") && resume) {
                send(exchange, 200, inquiry.resume(), Optional.empty());
            } else {
                send(exchange, 405, "{\"errors\":[{\"title\":\"Method not allowed\"}]}", Optional.empty());
            }
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void create(HttpExchange exchange, String body) throws IOException {
        Matcher reference = REFERENCE.matcher(body);
        ScriptedInquiry inquiry = reference.find() ? bySubject.get(reference.group(1)) : null;
        if (inquiry == null) {
            send(exchange, 422, PersonaFixtures.text("api/errors/422-unprocessable.json"), Optional.empty());
            return;
        }
        Optional<Failure> failure = inquiry.nextFailure(inquiry.createFailures);
        if (failure.isPresent()) {
            send(exchange, failure.get().status(), failure.get().body(), failure.get().retryAfter());
            return;
        }
        inquiry.created = true;
        send(exchange, 201, PersonaFixtures.about("api/get-inquiry.created.json", inquiry.inquiry()),
                Optional.empty());
    }

    private static void send(HttpExchange exchange, int status, String body, Optional<String> retryAfter)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Request-Id", UUID.randomUUID().toString());
        retryAfter.ifPresent(value -> exchange.getResponseHeaders().set("Retry-After", value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
