package io.veriflow.app.reliability.faults;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A tenant's webhook receiver: accepts every correctly signed POST with 204 and remembers it. It can answer each POST
 * only after a delay (a slow receiver), so that deliveries are in flight for a while.
 */
public final class HookReceiver implements AutoCloseable {

    /** One POST as it arrived. */
    public record Hook(String webhookId, String body, boolean verified) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final StandardWebhookVerifier verifier = new StandardWebhookVerifier(Clock.systemUTC());
    private final List<Hook> received = new CopyOnWriteArrayList<>();
    private volatile WebhookSecret secret;
    private volatile long answerAfterNanos;

    private HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static HookReceiver start() {
        try {
            return new HookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the receiver", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The endpoint's signing secret, as the registration answered it. */
    public void verifyWith(String whsec) {
        secret = WebhookSecret.parse(whsec);
    }

    /** From now on each POST is answered only {@code delay} after it arrived (a slow receiver). */
    public void answerAfter(Duration delay) {
        answerAfterNanos = delay.toNanos();
    }

    public List<Hook> received() {
        return List.copyOf(received);
    }

    List<Hook> withId(String webhookId) {
        return received.stream().filter(hook -> hook.webhookId().equals(webhookId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            var headers = exchange.getRequestHeaders();
            String id = headers.getFirst(WebhookHeaders.ID);
            WebhookSecret current = secret;
            boolean verified = current != null && verifier.verify(current, id,
                    headers.getFirst(WebhookHeaders.TIMESTAMP), headers.getFirst(WebhookHeaders.SIGNATURE), body)
                    instanceof Verification.Verified;
            received.add(new Hook(id, new String(body, StandardCharsets.UTF_8), verified));
            long delay = answerAfterNanos;
            if (delay > 0) {
                LockSupport.parkNanos(delay); // a slow receiver: the delivery stays in flight meanwhile
            }
            exchange.sendResponseHeaders(verified ? 204 : 401, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
