package io.veriflow.app.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.veriflow.app.notify.signing.StandardWebhookVerifier;
import io.veriflow.app.notify.signing.Verification;
import io.veriflow.app.notify.signing.WebhookHeaders;
import io.veriflow.app.notify.signing.WebhookSecret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A product team's webhook receiver on 127.0.0.1 (JDK HTTP server): it verifies every request's Standard Webhooks
 * signature with {@link StandardWebhookVerifier} and the endpoint's secret, as a real receiver would, answers with the
 * status its {@link Responder} chooses, and records every request in arrival order.
 */
final class Receiver implements AutoCloseable {

    /** Chooses the answer to one request. */
    @FunctionalInterface
    interface Responder {

        /**
         * @param webhookId the request's {@code webhook-id}
         * @param attempt how many requests with this id arrived so far, this one included
         */
        int status(String webhookId, int attempt, Received request);
    }

    /** One request as received. */
    record Received(
            int index,
            String webhookId,
            String timestamp,
            String signature,
            String contentType,
            String body,
            Verification verification,
            int answered) {

        boolean verified() {
            return verification instanceof Verification.Verified;
        }

        boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final StandardWebhookVerifier verifier = new StandardWebhookVerifier(Clock.systemUTC());
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger arrivals = new AtomicInteger();
    private volatile WebhookSecret secret;
    private volatile Responder responder = (id, attempt, request) -> 200;

    private Receiver(HttpServer server) {
        this.server = server;
    }

    static Receiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Receiver receiver = new Receiver(server);
            server.createContext("/hooks", receiver::handle);
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint URL to register; its query carries a token, as some receivers' URLs do. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks?token=receiver-query-secret";
    }

    /** The secret to verify signatures with (the one shown at registration). */
    Receiver verifyingWith(String whsec) {
        this.secret = WebhookSecret.parse(whsec);
        return this;
    }

    Receiver answering(Responder chooser) {
        this.responder = Objects.requireNonNull(chooser, "responder must not be null");
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> accepted() {
        return received.stream().filter(Received::accepted).toList();
    }

    List<Received> withId(String webhookId) {
        return received.stream().filter(request -> request.webhookId().equals(webhookId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            var headers = exchange.getRequestHeaders();
            String id = headers.getFirst(WebhookHeaders.ID);
            String timestamp = headers.getFirst(WebhookHeaders.TIMESTAMP);
            String signature = headers.getFirst(WebhookHeaders.SIGNATURE);
            WebhookSecret verifyWith = secret;
            Verification verification = verifyWith == null
                    ? new Verification.Rejected(Verification.Reason.NO_MATCHING_SIGNATURE)
                    : verifier.verify(verifyWith, id, timestamp, signature, body);
            int attempt = attempts.computeIfAbsent(id == null ? "" : id, any -> new AtomicInteger()).incrementAndGet();
            Received request = new Received(arrivals.getAndIncrement(), id, timestamp, signature,
                    headers.getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8), verification, 0);
            int status = verification instanceof Verification.Verified
                    ? responder.status(id, attempt, request)
                    : 401;
            received.add(new Received(request.index(), id, timestamp, signature, request.contentType(),
                    request.body(), verification, status));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
