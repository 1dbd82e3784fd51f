package io.veriflow.app.reliability.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Persona API (JDK {@link HttpServer}) with outages on a timetable. {@code POST /api/v1/inquiries} creates an
 * inquiry for the request's reference-id (the same one when asked again) and answers the {@code created} fixture;
 * {@code GET /api/v1/inquiries/{id}} answers the fixture the test set for it, unless an outage phase is running:
 * then it answers {@code 500}, {@code 429} with {@code Retry-After}, or only after a delay longer than the service's
 * time limiter. Outages touch reads only, so sessions can always be started.
 */
final class FakePersonaApi implements AutoCloseable {

    /** What a retrieval gets during a phase. */
    enum Fault {
        NONE, SERVER_ERROR, RATE_LIMITED, TOO_SLOW
    }

    /** One phase of an outage. */
    record Phase(Fault fault, Duration lasting) {
    }

    private static final Pattern REFERENCE = Pattern.compile(
            "\"auto-create-account-reference-id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern INQUIRY = Pattern.compile("/api/v1/inquiries/(inq_[A-Za-z0-9]+)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration slowness;
    private final int retryAfterSeconds;
    private final Map<String, String> inquiryOfSubject = new ConcurrentHashMap<>();
    private final Map<String, String> subjectOfInquiry = new ConcurrentHashMap<>();
    private final Map<String, String> shown = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicInteger> served = new EnumMap<>(Fault.class);
    private volatile List<Phase> outage = List.of();
    private volatile long outageStart;

    private FakePersonaApi(Duration slowness, int retryAfterSeconds) throws IOException {
        this.slowness = slowness;
        this.retryAfterSeconds = retryAfterSeconds;
        for (Fault fault : Fault.values()) {
            served.put(fault, new AtomicInteger());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/inquiries", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @param slowness how late a {@link Fault#TOO_SLOW} answer comes */
    static FakePersonaApi start(Duration slowness, int retryAfterSeconds) {
        try {
            return new FakePersonaApi(slowness, retryAfterSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake Persona API", e);
        }
    }

    /** The API root, for {@code veriflow.persona.base-url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    /** The inquiry created for {@code subject}, if any. */
    String inquiryOf(String subject) {
        return inquiryOfSubject.get(subject);
    }

    /** From now on a retrieval of {@code inquiry} answers this API fixture (e.g. {@code get-inquiry.approved.json}). */
    void shows(String inquiry, String apiFixture) {
        shown.put(inquiry, PersonaWire.fixture("api/" + apiFixture, inquiry, subjectOfInquiry.get(inquiry)));
    }

    /** Starts an outage now: its phases one after the other, then no fault. */
    void outage(Phase... phases) {
        outageStart = System.nanoTime();
        outage = List.of(phases);
    }

    /** How many retrievals got each answer so far. */
    Map<Fault, Integer> served() {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        served.forEach((fault, count) -> counts.put(fault, count.get()));
        return counts;
    }

    /** The fault of the phase running now. */
    Fault now() {
        long elapsed = System.nanoTime() - outageStart;
        for (Phase phase : outage) {
            elapsed -= phase.lasting().toNanos();
            if (elapsed < 0) {
                return phase.fault();
            }
        }
        return Fault.NONE;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST") && path.equals("/api/v1/inquiries")) {
            Matcher reference = REFERENCE.matcher(body);
            if (!reference.find()) {
                send(exchange, 422, PersonaWire.text("api/errors/422-unprocessable.json"), null);
                return;
            }
            String subject = reference.group(1);
            String inquiry = inquiryOfSubject.computeIfAbsent(subject, any -> PersonaWire.freshInquiryId());
            subjectOfInquiry.put(inquiry, subject);
            shown.putIfAbsent(inquiry, PersonaWire.fixture("api/get-inquiry.created.json", inquiry, subject));
            send(exchange, 201, PersonaWire.fixture("api/get-inquiry.created.json", inquiry, subject), null);
            return;
        }
        Matcher matcher = INQUIRY.matcher(path);
        String current = matcher.matches() ? shown.get(matcher.group(1)) : null;
        if (!exchange.getRequestMethod().equals("GET") || current == null) {
            send(exchange, 404, PersonaWire.text("api/errors/404-not-found.json"), null);
            return;
        }
        Fault fault = now();
        served.get(fault).incrementAndGet();
        switch (fault) {
            case NONE -> send(exchange, 200, current, null);
            case SERVER_ERROR -> send(exchange, 500, "{\"errors\":[{\"title\":\"Internal Server Error\"}]}", null);
            case RATE_LIMITED -> send(exchange, 429, PersonaWire.text("api/errors/429-rate-limited.json"),
                    Integer.toString(retryAfterSeconds));
            case TOO_SLOW -> CompletableFuture.runAsync(() -> sendQuietly(exchange, current),
                    CompletableFuture.delayedExecutor(slowness.toMillis(), TimeUnit.MILLISECONDS, executor));
        }
    }

    private static void sendQuietly(HttpExchange exchange, String body) {
        try {
            send(exchange, 200, body, null);
        } catch (IOException gone) {
            // the service stopped waiting long ago and closed the connection: that is the point
        }
    }

    private static void send(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
