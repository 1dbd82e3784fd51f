package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import io.veriflow.domain.port.out.VerificationProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderCallsAreTracedTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing =
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final FakeVerificationProvider fake = new FakeVerificationProvider();
    private final RecordingPause pause = new RecordingPause();
    private final ExecutorService calls = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());
    private final VerificationProvider provider = new TracedVerificationProvider(
            new ResilientVerificationProvider(fake, ResilienceSettings.defaults(), new MutableClock(), calls, pause),
            tracing.get(ProviderRegistry.INSTRUMENTATION_SCOPE));

    @AfterEach
    void stop() {
        calls.shutdownNow();
        tracing.close();
    }

    @Test
    void aSuccessfulStartIsOneSpanWithItsAttributes() {
        provider.start(Requests.aStartRequest());

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("provider.start");
        assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getAttributes().asMap()).containsAllEntriesOf(Attributes.builder()
                .put(TracedVerificationProvider.PROVIDER, "fake")
                .put(TracedVerificationProvider.OPERATION, "start")
                .put(TracedVerificationProvider.OUTCOME, "ok")
                .put(TracedVerificationProvider.ATTEMPTS, 1L)
                .put(TracedVerificationProvider.REF, FakeVerificationProvider.REF.value())
                .put(TracedVerificationProvider.SESSION, Requests.SESSION.toString())
                .put(TracedVerificationProvider.TENANT, Requests.TENANT.value())
                .build().asMap());
    }

    @Test
    void retriesStayInsideTheCallsOneSpanAsEvents() {
        fake.thenFail(2, () -> new ProviderUnavailable("HTTP 503", Optional.empty()));

        provider.fetch(FakeVerificationProvider.REF);

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("provider.fetch");
        assertThat(span.getAttributes().get(TracedVerificationProvider.ATTEMPTS)).isEqualTo(3L);
        assertThat(span.getAttributes().get(TracedVerificationProvider.OUTCOME)).isEqualTo("ok");
        List<EventData> retries = span.getEvents().stream()
                .filter(event -> event.getName().equals(TracedVerificationProvider.RETRY_EVENT))
                .toList();
        assertThat(retries).hasSize(2);
        assertThat(retries).extracting(event -> event.getAttributes().get(TracedVerificationProvider.ATTEMPT))
                .containsExactly(1L, 2L);
        assertThat(retries).extracting(event -> event.getAttributes().get(TracedVerificationProvider.WAIT_MS))
                .containsExactlyElementsOf(pause.waits().stream().map(Duration::toMillis).toList());
        assertThat(retries).allSatisfy(event -> assertThat(
                event.getAttributes().get(TracedVerificationProvider.UNAVAILABLE_ORIGIN)).isEqualTo("provider"));
    }

    @Test
    void theProviderCallRunsInsideTheSpanSoHttpClientSpansNestUnderIt() {
        provider.fetch(FakeVerificationProvider.REF);

        SpanData span = onlySpan();
        assertThat(fake.spansSeen()).singleElement().satisfies(seen -> {
            assertThat(seen.getTraceId()).isEqualTo(span.getTraceId());
            assertThat(seen.getSpanId()).isEqualTo(span.getSpanId());
        });
    }

    @Test
    void aFailedCallHasStatusErrorAndItsOutcome() {
        fake.thenFail(new ProviderRejected("INVALID_REQUEST", "template is not active"));

        assertThatThrownBy(() -> provider.retry(Requests.aRetryRequest())).isInstanceOf(ProviderRejected.class);

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("provider.retry");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(TracedVerificationProvider.OUTCOME)).isEqualTo("rejected");
        assertThat(span.getAttributes().get(TracedVerificationProvider.ERROR_CODE)).isEqualTo("INVALID_REQUEST");
        assertThat(span.getAttributes().get(TracedVerificationProvider.PREVIOUS_REF))
                .isEqualTo(Requests.PREVIOUS.value());
        assertThat(span.getEvents()).filteredOn(event -> event.getName().equals("exception")).singleElement()
                .satisfies(event -> {
                    assertThat(event.getAttributes().get(TracedVerificationProvider.EXCEPTION_TYPE))
                            .isEqualTo(ProviderRejected.class.getName());
                    assertThat(event.getAttributes().asMap().keySet())
                            .noneMatch(key -> key.getKey().equals("exception.stacktrace"));
                });
    }

    @Test
    void anUnavailableCallRecordsRetryAfterAndTheOutcome() {
        fake.thenFail(new ProviderUnavailable("HTTP 429", Optional.of(Duration.ofMinutes(5))));

        assertThatThrownBy(() -> provider.fetch(FakeVerificationProvider.REF))
                .isInstanceOf(ProviderUnavailable.class);

        SpanData span = onlySpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(TracedVerificationProvider.OUTCOME)).isEqualTo("unavailable");
        assertThat(span.getAttributes().get(TracedVerificationProvider.RETRY_AFTER_MS)).isEqualTo(300_000L);
        assertThat(span.getAttributes().get(TracedVerificationProvider.ATTEMPTS)).isEqualTo(1L);
    }

    @Test
    void noAttributeOrEventCarriesTheSubjectTheTokenOrTheIdempotencyKey() {
        fake.thenFail(new ProviderUnavailable("HTTP 503", Optional.empty()));
        provider.start(Requests.aStartRequest());
        provider.fetch(FakeVerificationProvider.REF);
        provider.resume(Requests.aResumeRequest());
        provider.retry(Requests.aRetryRequest());
        fake.thenFail(new ProviderRejected("400", "bad request"));
        assertThatThrownBy(() -> provider.start(Requests.aStartRequest())).isInstanceOf(ProviderRejected.class);

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(5);
        List<String> values = spans.stream()
                .flatMap(span -> Stream.concat(Stream.of(span.getAttributes()),
                        span.getEvents().stream().map(EventData::getAttributes)))
                .flatMap(attributes -> attributes.asMap().values().stream())
                .map(String::valueOf)
                .toList();
        assertThat(values).isNotEmpty().noneMatch(value -> value.contains(Requests.SUBJECT.value())
                || value.contains(FakeVerificationProvider.TOKEN.reveal())
                || value.contains(Requests.KEY.value())
                || value.contains(Requests.TEMPLATE.value()));
    }

    private SpanData onlySpan() {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(1);
        return spans.getFirst();
    }
}
