package io.veriflow.adapters.persona;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server speaking Persona's API for the adapter's calls, answering what each test scripts (fixture bodies
 * with the statuses and headers of {@code fixtures/api/exchanges.json}), and remembering what it was sent.
 */
@Requires(property = "fake-persona.enabled", value = "true")
@Controller("/fake-persona/api/v1")
final class FakePersonaApi {

    /** A request as it arrived. */
    record Seen(String method, String path, Map<String, String> headers, byte[] body) {
    }

    /** An answer to give, after {@code delay}. */
    record Scripted(int status, Map<String, String> headers, byte[] body, Duration delay) {
    }

    private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    void respond(int status, byte[] body, Map<String, String> headers) {
        script.add(new Scripted(status, headers, body, Duration.ZERO));
    }

    void respondLate(int status, byte[] body, Duration delay) {
        script.add(new Scripted(status, Map.of(), body, delay));
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    void reset() {
        script.clear();
        seen.clear();
    }

    @Post(value = "/inquiries", consumes = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<byte[]>> create(HttpRequest<?> request, @Body byte[] body) {
        return answer(request, body);
    }

    @Get("/inquiries/{id}")
    CompletableFuture<MutableHttpResponse<byte[]>> retrieve(HttpRequest<?> request, String id) {
        return answer(request, null);
    }

    @Post(value = "/inquiries/{id}/resume", consumes = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<byte[]>> resume(HttpRequest<?> request, String id) {
        return answer(request, null);
    }

    private CompletableFuture<MutableHttpResponse<byte[]>> answer(HttpRequest<?> request, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                String.join(",", values)));
        seen.add(new Seen(request.getMethodName(), request.getPath(), headers, body == null ? new byte[0] : body));
        Scripted next = script.poll();
        if (next == null) {
            return CompletableFuture.completedFuture(HttpResponse.<byte[]>status(HttpStatus.NOT_IMPLEMENTED)
                    .body("{\"errors\":[{\"title\":\"nothing scripted\"}]}".getBytes()));
        }
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(next.status()))
                .contentType("application/json; charset=utf-8")
                .body(next.body());
        next.headers().forEach(response::header);
        if (next.delay().isZero()) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.supplyAsync(() -> response,
                CompletableFuture.delayedExecutor(next.delay().toMillis(), TimeUnit.MILLISECONDS));
    }
}
