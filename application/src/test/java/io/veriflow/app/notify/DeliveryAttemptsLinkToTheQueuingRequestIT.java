package io.veriflow.app.notify;

import static io.veriflow.app.notify.Eventually.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.veriflow.app.security.Tenants;
import io.veriflow.app.tracing.Traceparent;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.StartVerification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each delivery attempt is one span of its own trace, linked to the span of the request that queued the
 * notification (the {@code traceparent} stored on the outbox row), with PII-free attributes.
 */
@MicronautTest(transactional = false)
@Property(name = "veriflow.notifications.allow-private-endpoints", value = "true")
@Property(name = "veriflow.notifications.allow-http-endpoints", value = "true")
@Property(name = "veriflow.notifications.retry-delays", value = "50ms")
@Property(name = "veriflow.notifications.retry-jitter", value = "0")
@Property(name = "veriflow.notifications.delivery.poll-interval", value = "20ms")
@Property(name = DecidingProvider.ENABLED, value = "true")
@Property(name = InMemorySpans.ENABLED, value = "true")
class DeliveryAttemptsLinkToTheQueuingRequestIT {

    private static final AttributeKey<String> WEBHOOK_ID = AttributeKey.stringKey("veriflow.webhook.id");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("veriflow.webhook.attempt");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("veriflow.outcome");
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("veriflow.tenant");

    @Inject
    ApplicationContext context;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    @Inject
    StartVerification startVerification;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void everyAttemptIsASpanLinkedToTheSpanThatQueuedTheNotification() {
        EndpointsApi api = new EndpointsApi(client, json, tenants);
        Rows rows = new Rows(context);
        TenantId tenant = api.aTenant();
        try (Receiver receiver = Receiver.start()) {
            receiver.verifyingWith(api.registered(tenant, receiver.url()).field("secret"))
                    .answering((id, attempt, request) -> request.body().contains("\"sequence\":1,") && attempt == 1
                            ? 500 : 200);

            var started = (StartVerification.Started) startVerification.start(new StartVerification.Command(tenant,
                    DecidingProvider.ID, new SubjectRef("user-5"), new TemplateRef("tmpl_passed"),
                    new IdempotencyKey(UUID.randomUUID().toString())));
            SessionId session = started.session().id();
            List<Map<String, Object>> outbox = rows.select("SELECT id, traceparent FROM outbox "
                    + "WHERE tenant_id = ? AND session_id = ? ORDER BY sequence", tenant.value(), session.value());
            waitUntil("all accepted", Duration.ofSeconds(15), () -> receiver.accepted().size() == outbox.size());
            String firstId = outbox.getFirst().get("id").toString();
            waitUntil("attempt spans exported", Duration.ofSeconds(5),
                    () -> deliverySpans().size() == outbox.size() + 1);

            String traceparent = (String) outbox.getFirst().get("traceparent");
            assertThat(traceparent).as("traceparent stored with the outbox row").isNotNull();
            SpanContext queuedBy = Traceparent.parse(traceparent).orElseThrow();
            assertThat(spans.getFinishedSpanItems()).as("the span that queued it")
                    .anySatisfy(span -> assertThat(span.getSpanId()).isEqualTo(queuedBy.getSpanId()));

            List<SpanData> attempts = deliverySpans().stream()
                    .filter(span -> firstId.equals(span.getAttributes().get(WEBHOOK_ID)))
                    .sorted(Comparator.comparing(span -> span.getAttributes().get(ATTEMPT)))
                    .toList();
            assertThat(attempts).hasSize(2);
            assertThat(attempts).allSatisfy(span -> {
                assertThat(span.getLinks()).extracting(LinkData::getSpanContext).singleElement().satisfies(link -> {
                    assertThat(link.getTraceId()).isEqualTo(queuedBy.getTraceId());
                    assertThat(link.getSpanId()).isEqualTo(queuedBy.getSpanId());
                });
                assertThat(span.getTraceId()).as("a trace of its own").isNotEqualTo(queuedBy.getTraceId());
                assertThat(span.getParentSpanContext().isValid()).isFalse();
                assertThat(span.getAttributes().get(TENANT)).isEqualTo(tenant.value());
                assertThat(span.getAttributes().asMap().values()).noneMatch(value -> value.toString()
                        .contains("user-5") || value.toString().contains("receiver-query-secret"));
            });
            assertThat(attempts.get(0).getAttributes().get(OUTCOME)).isEqualTo("retry");
            assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(attempts.get(1).getAttributes().get(OUTCOME)).isEqualTo("delivered");
            assertThat(attempts.get(1).getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                    .isEqualTo(200L);
        }
    }

    private List<SpanData> deliverySpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("veriflow.webhook.deliver"))
                .toList();
    }
}
