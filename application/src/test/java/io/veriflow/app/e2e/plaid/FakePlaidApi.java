package io.veriflow.app.e2e.plaid;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plaid's API on a local port (the JDK's HTTP server), as the service under test reaches it through
 * {@code veriflow.plaid.base-url}: {@code /link/token/create}, {@code /identity_verification/create|get|list|retry}
 * and {@code /webhook_verification_key/get}, authenticated by {@code PLAID-CLIENT-ID}/{@code PLAID-SECRET}, with
 * Plaid's error objects from the shared fixtures.
 *
 * <p>It holds Plaid's truth per attempt ({@link #attemptIs}): what {@code /get} answers and what {@code /list} lists;
 * a story changes it as Plaid would (the reviewer approves, the user fails) and then sends the thin webhook. A retry
 * opens the attempt scripted with {@link #retryOpens}. Failures are queued per path ({@link #failNext}); a queued
 * failure on {@code /retry} still opens the attempt (Plaid did it, the answer was lost). Webhooks are signed with the
 * fake's own ES256 key ({@link #signer()}), served by kid; the fixture keys {@code key1}/{@code key2} are served too.
 * Every request is kept for assertions.
 */
public final class FakePlaidApi implements AutoCloseable {

    static final String CLIENT_ID = "veriflow-e2e-client";
    static final String SECRET = "veriflow-e2e-secret-0123456789";

    static final String LINK_TOKEN_CREATE = "/link/token/create";
    static final String IDV_CREATE = "/identity_verification/create";
    static final String IDV_GET = "/identity_verification/get";
    static final String IDV_LIST = "/identity_verification/list";
    static final String IDV_RETRY = "/identity_verification/retry";
    static final String KEY_GET = "/webhook_verification_key/get";

    /** One request as received; header names lower-cased. */
    record Received(String path, Map<String, String> headers, String body, Instant at) {

        /** A top-level or dotted ({@code user.client_user_id}) string field of the JSON body, or empty. */
        Optional<String> field(String dotted) {
            JsonNode node = parse(body);
            for (String name : dotted.split("\\.")) {
                node = node == null || !node.isObject() ? null : node.get(name);
            }
            return node == null || node.isNull() ? Optional.empty() : Optional.of(node.coerceStringValue());
        }

        JsonNode json() {
            return parse(body);
        }
    }

    /** An answer: status, body, extra headers. */
    record Reply(int status, String body, Map<String, String> headers) {

        static Reply ok(String body) {
            return new Reply(200, body, Map.of());
        }

        /** A Plaid error fixture, its HTTP status taken from the file name ({@code 429_RATE_LIMIT_EXCEEDED...}). */
        static Reply error(String file) {
            return new Reply(Integer.parseInt(file.substring(0, 3)), Story.raw("errors/" + file), Map.of());
        }

        Reply withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, body, all);
        }
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Map<String, String> FIXTURE_KEYS = Map.of(
            "6c5516e1-92dc-479e-a8ff-5a51992e0001", "webhook_verification/webhook_verification_key_get.response.key1.json",
            "6c5516e1-92dc-479e-a8ff-5a51992e0002", "webhook_verification/webhook_verification_key_get.response.key2.json");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final WebhookSigner signer = new WebhookSigner("veriflow-e2e-" + UUID.randomUUID());
    private final Map<String, JsonNode> attempts = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> retries = new ConcurrentHashMap<>();
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Set<String> failingKids = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger linkTokens = new AtomicInteger();

    private record Failure(String matching, Reply reply) {
    }

    public FakePlaidApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** What the service needs to call this fake as Plaid (live mode: credentials and base URL). */
    public Map<String, String> serviceProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("veriflow.plaid.client-id", CLIENT_ID);
        properties.put("veriflow.plaid.secret", SECRET);
        properties.put("veriflow.plaid.base-url", url());
        return properties;
    }

    public WebhookSigner signer() {
        return signer;
    }

    /** Plaid's state of an attempt from now on: an IdentityVerification JSON (a get response). */
    void attemptIs(String identityVerification) {
        JsonNode attempt = parse(identityVerification);
        attempts.put(attempt.get("id").getStringValue(), attempt);
    }

    /** Plaid's state of an attempt from now on: a {@code get} fixture ({@code active}, {@code failed}...) renamed. */
    public void attemptIs(Story story, String getFixture) {
        attemptIs(story.text("api/identity_verification_get." + getFixture + ".json"));
    }

    /** The next {@code /retry} for this attempt's user and template opens it. */
    void retryOpens(String identityVerification) {
        JsonNode attempt = parse(identityVerification);
        retries.put(userAndTemplate(text(attempt, "client_user_id"), text(attempt.get("template"), "id")), attempt);
    }

    /** The next requests to {@code path} whose body has {@code matching} as a JSON string get these answers, in order. */
    void failNext(String path, String matching, Reply... replies) {
        Deque<Failure> queue = failures.computeIfAbsent(path, any -> new ArrayDeque<>());
        synchronized (queue) {
            for (Reply reply : replies) {
                queue.addLast(new Failure(matching, reply));
            }
        }
    }

    /** Plaid answers 500 when asked for this key. */
    void keyFetchFails(String kid) {
        failingKids.add(kid);
    }

    List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Requests to {@code path} whose body has {@code value} as a JSON string (an attempt id, a user). */
    List<Received> received(String path, String value) {
        return received.stream()
                .filter(request -> request.path().equals(path) && request.body().contains("\"" + value + "\""))
                .toList();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            Received request = new Received(exchange.getRequestURI().getPath(), headers, body, Instant.now());
            received.add(request);
            Reply reply;
            try {
                reply = "POST".equals(exchange.getRequestMethod()) ? answer(request)
                        : Reply.error("400_INVALID_REQUEST.INVALID_FIELD.json");
            } catch (RuntimeException e) {
                reply = new Reply(500, "{\"error\":\"the fake failed: " + e.getClass().getSimpleName() + "\"}", Map.of());
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private Reply answer(Received request) {
        if (!CLIENT_ID.equals(request.headers().get("plaid-client-id"))
                || !SECRET.equals(request.headers().get("plaid-secret"))) {
            return Reply.error("400_INVALID_INPUT.INVALID_API_KEYS.json");
        }
        JsonNode body = parse(request.body());
        if (body == null || !body.isObject()) {
            return Reply.error("400_INVALID_REQUEST.INVALID_FIELD.json");
        }
        Optional<Reply> failure = nextFailure(request);
        if (failure.isPresent() && !request.path().equals(IDV_RETRY)) {
            return failure.get();
        }
        return switch (request.path()) {
            case LINK_TOKEN_CREATE -> linkToken(body);
            case IDV_CREATE -> create(body);
            case IDV_GET -> Optional.ofNullable(attempts.get(text(body, "identity_verification_id")))
                    .map(attempt -> Reply.ok(write(attempt)))
                    .orElseGet(() -> Reply.error("404_INVALID_REQUEST.NOT_FOUND.json"));
            case IDV_LIST -> list(body);
            case IDV_RETRY -> retry(body, failure);
            case KEY_GET -> key(text(body, "key_id"));
            default -> Reply.error("404_INVALID_REQUEST.NOT_FOUND.json");
        };
    }

    private Optional<Reply> nextFailure(Received request) {
        Deque<Failure> queue = failures.get(request.path());
        if (queue == null) {
            return Optional.empty();
        }
        synchronized (queue) {
            for (var it = queue.iterator(); it.hasNext(); ) {
                Failure failure = it.next();
                if (request.body().contains("\"" + failure.matching() + "\"")) {
                    it.remove();
                    return Optional.of(failure.reply());
                }
            }
        }
        return Optional.empty();
    }

    private Reply linkToken(JsonNode body) {
        JsonNode products = body.get("products");
        boolean idv = products != null && products.isArray() && products.size() == 1
                && "identity_verification".equals(products.get(0).getStringValue());
        if (!idv || text(body.get("identity_verification"), "template_id") == null
                || text(body.get("user"), "client_user_id") == null) {
            return Reply.error("400_INVALID_REQUEST.MISSING_FIELDS.json");
        }
        String token = "link-sandbox-e2e-" + linkTokens.incrementAndGet() + "-" + UUID.randomUUID();
        return Reply.ok("{\"link_token\":\"" + token + "\",\"expiration\":\""
                + Instant.now().plus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\","
                + "\"request_id\":\"e2eLinkToken" + linkTokens.get() + "\"}");
    }

    /** {@code is_idempotent}: the user's open attempt for the template, if Plaid has one; else a new one. */
    private Reply create(JsonNode body) {
        String user = text(body, "client_user_id");
        String template = text(body, "template_id");
        if (user == null || template == null) {
            return Reply.error("400_INVALID_REQUEST.MISSING_FIELDS.json");
        }
        Optional<JsonNode> open = attemptsOf(user, template).stream()
                .filter(attempt -> "active".equals(text(attempt, "status"))).reduce((first, second) -> second);
        if (open.isPresent()) {
            return Reply.ok(write(open.get()));
        }
        String created = Story.raw("api/identity_verification_create.response.json")
                .replace(Story.ATTEMPT_1, "idv_e2eCreated" + attempts.size())
                .replace(Story.USER, user)
                .replace(Story.TEMPLATE, template);
        attemptIs(created);
        return Reply.ok(created);
    }

    private Reply list(JsonNode body) {
        String user = text(body, "client_user_id");
        String template = text(body, "template_id");
        if (user == null || template == null) {
            return Reply.error("400_INVALID_REQUEST.MISSING_FIELDS.json");
        }
        List<JsonNode> items = attemptsOf(user, template).stream().map(FakePlaidApi::withoutRequestId).toList();
        Map<String, JsonNode> answer = new LinkedHashMap<>();
        answer.put("identity_verifications", JsonNode.createArrayNode(items));
        answer.put("next_cursor", JsonNode.nullNode());
        answer.put("request_id", JsonNode.createStringNode("e2eList" + received.size()));
        return Reply.ok(write(JsonNode.createObjectNode(answer)));
    }

    private Reply retry(JsonNode body, Optional<Reply> failure) {
        String user = text(body, "client_user_id");
        String template = text(body, "template_id");
        String strategy = text(body, "strategy");
        if (user == null || template == null || strategy == null) {
            return Reply.error("400_INVALID_REQUEST.MISSING_FIELDS.json");
        }
        JsonNode opened = retries.remove(userAndTemplate(user, template));
        if (opened == null) {
            return Reply.error("400_INVALID_REQUEST.INVALID_FIELD.json");
        }
        attempts.put(text(opened, "id"), opened);
        return failure.orElseGet(() -> Reply.ok(write(opened)));
    }

    private Reply key(String kid) {
        if (kid == null) {
            return Reply.error("400_INVALID_REQUEST.MISSING_FIELDS.json");
        }
        if (failingKids.contains(kid)) {
            return Reply.error("500_API_ERROR.INTERNAL_SERVER_ERROR.json");
        }
        if (kid.equals(signer.kid())) {
            return Reply.ok("{\"key\":" + signer.jwk() + ",\"request_id\":\"e2eKey\"}");
        }
        String fixture = FIXTURE_KEYS.get(kid);
        if (fixture != null) {
            return Reply.ok(Story.raw(fixture));
        }
        return Reply.error("400_INVALID_INPUT.INVALID_WEBHOOK_VERIFICATION_KEY_ID.json");
    }

    private List<JsonNode> attemptsOf(String user, String template) {
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode attempt : attempts.values()) {
            if (user.equals(text(attempt, "client_user_id")) && template.equals(text(attempt.get("template"), "id"))) {
                mine.add(attempt);
            }
        }
        mine.sort(Comparator.comparing(attempt -> text(attempt, "created_at")));
        return mine;
    }

    private static JsonNode withoutRequestId(JsonNode attempt) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : attempt.entries()) {
            if (!field.getKey().equals("request_id")) {
                fields.put(field.getKey(), field.getValue());
            }
        }
        return JsonNode.createObjectNode(fields);
    }

    private static String userAndTemplate(String user, String template) {
        return user + "|" + template;
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : value.getStringValue();
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readValue(text, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
