package io.veriflow.app.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The span tree of real requests, read from an in-memory exporter: the HTTP server span, the use case's span under
 * it, the provider call's span under that; the reconcile worker's span, in its own trace, linked to the request that
 * scheduled it; and no attribute anywhere carrying the subject reference or a token.
 */
@MicronautTest(transactional = false)
@Property(name = "veriflow.test.api-provider", value = "true")
@Property(name = "veriflow.test.in-memory-spans", value = "true")
@Property(name = "veriflow.work.enabled", value = "true")
@Property(name = "veriflow.work.poll-interval", value = "50ms")
class RequestToProviderSpanTreeIT {

    private static final String SUBJECT = "subject-that-must-not-be-traced";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    Tenants tenants;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void startRequestUseCaseAndProviderCallFormOneTreeAndAsyncWorkLinksBack() {
        String key = tenants.create(new TenantId("traced"), "Traced", Optional.empty()).key().reveal();

        Map<?, ?> started = http.toBlocking().retrieve(HttpRequest.POST("/v1/sessions",
                        Map.of("provider", "testprov", "template", "tmpl_plain", "subject", SUBJECT))
                .bearerAuth(key).header("Idempotency-Key", "trace-1").contentType(MediaType.APPLICATION_JSON), Map.class);
        String sessionId = (String) ((Map<?, ?>) started.get("session")).get("id");
        String clientSecret = (String) started.get("client_secret");

        SpanData useCase = awaitSpan(s -> s.getName().equals("veriflow.StartVerification"));
        SpanData provider = awaitSpan(s -> s.getName().equals("provider.start"));
        SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER
                && s.getTraceId().equals(useCase.getTraceId()));
        assertThat(provider.getTraceId()).isEqualTo(useCase.getTraceId());
        assertThat(provider.getParentSpanId()).isEqualTo(useCase.getSpanId());
        assertThat(ancestors(useCase)).contains(server.getSpanId());
        assertThat(useCase.getAttributes().asMap().toString())
                .contains("veriflow.tenant=traced").contains("veriflow.session.id=" + sessionId);

        // A client hint asks for reconciliation: the worker's span starts its own trace and links to this request.
        http.toBlocking().exchange(HttpRequest.POST("/v1/sessions/" + sessionId + "/callbacks",
                "{\"callback\":\"open\",\"id\":\"trace-open\"}").bearerAuth(clientSecret)
                .contentType(MediaType.APPLICATION_JSON));
        SpanData record = awaitSpan(s -> s.getName().equals("veriflow.RecordSignal"));
        SpanData task = awaitSpan(s -> s.getName().equals("veriflow.task.reconcile"));
        assertThat(task.getTraceId()).isNotEqualTo(record.getTraceId());
        assertThat(task.getLinks()).anySatisfy(link ->
                assertThat(link.getSpanContext().getTraceId()).isEqualTo(record.getTraceId()));
        SpanData reconcile = awaitSpan(s -> s.getName().equals("veriflow.ReconcileSession"));
        assertThat(reconcile.getParentSpanId()).isEqualTo(task.getSpanId());

        List<SpanData> all = spans.getFinishedSpanItems();
        assertThat(all).allSatisfy(span -> assertThat(span.getAttributes().asMap().toString())
                .doesNotContain(SUBJECT).doesNotContain(clientSecret).doesNotContain(key).doesNotContain("tp-token"));
    }

    private List<String> ancestors(SpanData span) {
        List<SpanData> all = spans.getFinishedSpanItems();
        java.util.ArrayList<String> chain = new java.util.ArrayList<>();
        String parent = span.getParentSpanId();
        for (int depth = 0; depth < 10 && parent != null; depth++) {
            chain.add(parent);
            String current = parent;
            parent = all.stream().filter(s -> s.getSpanId().equals(current)).findFirst()
                    .map(SpanData::getParentSpanId).orElse(null);
        }
        return chain;
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            Optional<SpanData> found = spans.getFinishedSpanItems().stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("no such span; finished: "
                + spans.getFinishedSpanItems().stream().map(SpanData::getName).toList());
    }
}
