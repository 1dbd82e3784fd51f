package io.veriflow.adapters.plaid;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plaid's API on a local port (the JDK's HTTP server), answering with the shared fixtures: {@code fixtures/api/*.json}
 * for the IDV and link-token endpoints, {@code fixtures/webhook_verification/*} for keys, {@code fixtures/errors/*}
 * for failures. Tests re-route any path, and read back what the adapter sent.
 */
public final class FakePlaid implements AutoCloseable {

    /** One request as received. Header names are lower-cased. */
    public record Received(String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            return Fixtures.parse(body);
        }
    }

    public record Reply(int status, String body, Map<String, String> headers) {
        public static Reply ok(String body) {
            return new Reply(200, body, Map.of());
        }

        public static Reply fixture(int status, String file) {
            return new Reply(status, Fixtures.text(file), Map.of());
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, body, all);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Received request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public FakePlaid() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        reset();
        server.start();
    }

    /** The fixture answers for every endpoint. */
    public void reset() {
        routes.clear();
        received.clear();
        route("/link/token/create", request -> Reply.fixture(200, "api/link_token_create.response.json"));
        route("/identity_verification/create",
                request -> Reply.fixture(200, "api/identity_verification_create.response.json"));
        route("/identity_verification/get", request -> Reply.fixture(200, "api/identity_verification_get.active.json"));
        route("/identity_verification/list",
                request -> Reply.fixture(200, "api/identity_verification_list.response.json"));
        route("/identity_verification/retry",
                request -> Reply.fixture(200, "api/identity_verification_retry.response.json"));
        route("/webhook_verification_key/get", request -> {
            String kid = JsonText.text(request.json(), "key_id").orElse("");
            for (String key : List.of("key1", "key2")) {
                String file = "webhook_verification/webhook_verification_key_get.response." + key + ".json";
                if (kid.equals(JsonText.text(Fixtures.json(file).get("key"), "kid").orElse(null))) {
                    return Reply.fixture(200, file);
                }
            }
            return Reply.fixture(400, "errors/400_INVALID_INPUT.INVALID_WEBHOOK_VERIFICATION_KEY_ID.json");
        });
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    public void route(String path, Handler handler) {
        routes.put(path, handler);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            Received request = new Received(exchange.getRequestURI().getPath(), headers, body);
            received.add(request);
            Handler handler = routes.get(request.path());
            Reply reply;
            try {
                reply = handler == null ? Reply.fixture(404, "errors/404_INVALID_REQUEST.NOT_FOUND.json")
                        : handler.handle(request);
            } catch (Exception e) {
                reply = new Reply(599, "handler failed: " + e, Map.of());
            }
            if (reply == null) {
                return; // the handler dropped the connection
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.body().startsWith("{")
                    ? "application/json" : "text/html");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
