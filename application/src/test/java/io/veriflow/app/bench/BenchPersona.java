package io.veriflow.app.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal local fake of Persona's API for the benchmark (127.0.0.1 only): {@code POST /api/v1/inquiries} creates an
 * inquiry for the {@code auto-create-account-reference-id} it is given, {@code GET /api/v1/inquiries/{id}} returns it
 * as the latest webhook sent about it says it is (created, pending or completed, with steps).
 * Bodies are the shared Persona fixtures of story A, re-addressed to a fresh inquiry id and subject.
 */
final class BenchPersona implements AutoCloseable {

    static final Path FIXTURES = Path.of("..", "..", "shared", "providers", "persona", "fixtures");
    static final String STORY_INQUIRY = "inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw";
    static final String STORY_SUBJECT = "usr_1001";
    static final String TEMPLATE = "itmpl_chwBCJWyyoKdCNeTXUndaKAEgoE1";

    private static final Pattern REFERENCE = Pattern.compile(
            "\"auto-create-account-reference-id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern INQUIRY_PATH = Pattern.compile("/api/v1/inquiries/([^/]+)");
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String created = fixture("api/get-inquiry.created.json");
    private final String pending = fixture("api/get-inquiry.pending.json");
    private final String completed = fixture("api/get-inquiry.completed.json");
    private final Map<String, String> viewByInquiry = new ConcurrentHashMap<>();
    private final Map<String, String> inquiryBySubject = new ConcurrentHashMap<>();
    private final Map<String, String> subjectByInquiry = new ConcurrentHashMap<>();

    BenchPersona() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/inquiries", this::handle);
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

    static String readdress(String body, String inquiry, String subject) {
        return body.replace(STORY_INQUIRY, inquiry).replace("\"" + STORY_SUBJECT + "\"", "\"" + subject + "\"");
    }

    static String freshId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 28; i++) {
            id.append(BASE58.charAt(RANDOM.nextInt(BASE58.length())));
        }
        return id.toString();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    /** The inquiry created for {@code subject} (fixed before the session is started). */
    String inquiryFor(String subject) {
        return inquiryBySubject.computeIfAbsent(subject, s -> {
            String id = freshId("inq_");
            subjectByInquiry.put(id, s);
            return id;
        });
    }

    /**
     * A webhook about {@code inquiry} is on its way: from now on {@code GET} answers with the inquiry as that webhook
     * says it is (with its steps, as Persona's API does), never going back from completed to pending.
     */
    void webhookSent(String inquiry, boolean completedInquiry) {
        if (completedInquiry) {
            viewByInquiry.put(inquiry, completed);
        } else {
            viewByInquiry.putIfAbsent(inquiry, pending);
        }
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
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("POST") && path.equals("/api/v1/inquiries")) {
                Matcher reference = REFERENCE.matcher(body);
                if (!reference.find()) {
                    send(exchange, 422, "{\"errors\":[{\"title\":\"no reference id\"}]}");
                    return;
                }
                String subject = reference.group(1);
                send(exchange, 201, readdress(created, inquiryFor(subject), subject));
                return;
            }
            Matcher matcher = INQUIRY_PATH.matcher(path);
            String subject = matcher.matches() ? subjectByInquiry.get(matcher.group(1)) : null;
            if (method.equals("GET") && subject != null) {
                send(exchange, 200, readdress(viewByInquiry.getOrDefault(matcher.group(1), created), matcher.group(1),
                        subject));
            } else {
                send(exchange, 404, "{\"errors\":[{\"title\":\"Not found\"}]}");
            }
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
