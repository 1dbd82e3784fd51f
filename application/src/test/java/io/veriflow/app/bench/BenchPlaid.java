package io.veriflow.app.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.veriflow.app.e2e.plaid.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal local fake of Plaid's API for the benchmark (127.0.0.1 only), answering with the shared Plaid fixtures
 * re-addressed to the benchmark's attempts: {@code /identity_verification/create} (the service runs with
 * {@code veriflow.plaid.precreate=true}, so every session knows its {@code idv_} id before any webhook),
 * {@code /identity_verification/get}, {@code /link/token/create}, and {@code /webhook_verification_key/get} serving
 * the public key of the {@link WebhookSigner} that signs the benchmark's webhooks (ES256 JWTs, as Plaid does).
 */
final class BenchPlaid implements AutoCloseable {

    static final String CLIENT_ID = "veriflow-bench-client";
    static final String SECRET = "veriflow-bench-secret-not-a-real-one";
    static final Path FIXTURES = Path.of("..", "..", "shared", "providers", "plaid", "fixtures");
    static final String TEMPLATE = "idvtmp_4FrXJvfQU3zGUR";

    private static final String FIXTURE_ATTEMPT = "idv_52xR9LKo77r1Np";
    private static final String FIXTURE_USER = "cus_7f3c2a91e0b4";
    private static final Pattern USER = Pattern.compile("\"client_user_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ATTEMPT = Pattern.compile("\"identity_verification_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern KEY_ID = Pattern.compile("\"key_id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final WebhookSigner signer = new WebhookSigner("bench-key-" + System.nanoTime());
    private final String created = fixture("api/identity_verification_create.response.json");
    private final String active = fixture("api/identity_verification_get.active.json");
    private final Map<String, String> attemptByUser = new ConcurrentHashMap<>();
    private final Map<String, String> userByAttempt = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    BenchPlaid() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static String fixture(String relative) {
        try {
            return Files.readString(FIXTURES.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + relative + " not found under " + FIXTURES.toAbsolutePath(), e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    WebhookSigner signer() {
        return signer;
    }

    /** The service's configuration for this fake (live mode: credentials, base URL, pre-created attempts). */
    Map<String, Object> serviceProperties() {
        return Map.of("veriflow.plaid.client-id", CLIENT_ID,
                "veriflow.plaid.secret", SECRET,
                "veriflow.plaid.base-url", baseUrl(),
                "veriflow.plaid.environment", "sandbox",
                "veriflow.plaid.precreate", true);
    }

    /** The attempt id this fake created for {@code user}, once the service started that user's session. */
    String attemptOf(String user) {
        return attemptByUser.get(user);
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
            if (!SECRET.equals(exchange.getRequestHeaders().getFirst("PLAID-SECRET"))) {
                send(exchange, 400, fixture("errors/400_INVALID_INPUT.INVALID_API_KEYS.json"));
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/identity_verification/create" -> {
                    Matcher user = USER.matcher(body);
                    if (!user.find()) {
                        send(exchange, 400, fixture("errors/400_INVALID_REQUEST.MISSING_FIELDS.json"));
                        return;
                    }
                    String attempt = attemptByUser.computeIfAbsent(user.group(1), u -> {
                        String id = "idv_bench" + counter.incrementAndGet() + "x" + Long.toString(System.nanoTime(), 36);
                        userByAttempt.put(id, u);
                        return id;
                    });
                    send(exchange, 200, readdress(created, attempt, user.group(1)));
                }
                case "/identity_verification/get" -> {
                    Matcher attempt = ATTEMPT.matcher(body);
                    String user = attempt.find() ? userByAttempt.get(attempt.group(1)) : null;
                    if (user == null) {
                        send(exchange, 404, fixture("errors/404_INVALID_REQUEST.NOT_FOUND.json"));
                    } else {
                        send(exchange, 200, readdress(active, attempt.group(1), user));
                    }
                }
                case "/link/token/create" -> send(exchange, 200, "{\"link_token\":\"link-sandbox-bench-"
                        + counter.incrementAndGet() + "\",\"expiration\":\"2099-01-01T00:00:00Z\","
                        + "\"request_id\":\"benchLinkToken\"}");
                case "/webhook_verification_key/get" -> {
                    Matcher kid = KEY_ID.matcher(body);
                    if (kid.find() && kid.group(1).equals(signer.kid())) {
                        send(exchange, 200, "{\"key\":" + signer.jwk() + ",\"request_id\":\"benchKey\"}");
                    } else {
                        send(exchange, 400, fixture("errors/400_INVALID_INPUT.INVALID_WEBHOOK_VERIFICATION_KEY_ID.json"));
                    }
                }
                default -> send(exchange, 404, fixture("errors/404_INVALID_REQUEST.NOT_FOUND.json"));
            }
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private static String readdress(String body, String attempt, String user) {
        return body.replace(FIXTURE_ATTEMPT, attempt).replace(FIXTURE_USER, user);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
