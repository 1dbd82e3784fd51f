package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.port.out.ProviderUnavailable;
import io.veriflow.domain.port.out.VerificationProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    private static final ProviderId FAKE = new ProviderId("fake");
    private static final ProviderId OTHER = new ProviderId("other");

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing =
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final Tracer tracer = tracing.get("test");
    private final FakeVerificationProvider fake = new FakeVerificationProvider(FAKE);
    private final FakeVerificationProvider other = new FakeVerificationProvider(OTHER);
    private ProviderRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        tracing.close();
    }

    @Test
    void everyProviderIsFoundByItsIdDecoratedOnce() {
        registry = registry(List.of(fake, other), Map.of());

        assertThat(registry.ids()).containsExactlyInAnyOrder(FAKE, OTHER);
        VerificationProvider found = registry.find(FAKE).orElseThrow();
        assertThat(found).isInstanceOf(TracedVerificationProvider.class);
        assertThat(registry.find(FAKE)).containsSame(found);
        assertThat(found.id()).isEqualTo(FAKE);
        assertThat(found.capabilities()).isEqualTo(fake.capabilities());
        assertThat(registry.find(new ProviderId("absent"))).isEmpty();
    }

    @Test
    void eachProviderGetsItsOwnSettings() {
        ResilienceSettings noRetries = ResilienceSettings.defaults().withRetry(Guarded.noRetries());
        registry = registry(List.of(fake, other), Map.of(FAKE, noRetries, OTHER, noRetries));
        fake.thenFail(new ProviderUnavailable("HTTP 503", Optional.empty()));

        assertThatThrownBy(() -> registry.find(FAKE).orElseThrow().fetch(FakeVerificationProvider.REF))
                .isInstanceOf(ProviderUnavailable.class);

        assertThat(fake.calls(ProviderOperation.FETCH)).isEqualTo(1);
    }

    @Test
    void twoProvidersWithOneIdAreRefused() {
        assertThatThrownBy(() -> registry(List.of(fake, new FakeVerificationProvider(FAKE)), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fake");
    }

    @Test
    @SuppressWarnings("try") // the scope is only opened and closed
    void theCallRunsOnAnotherThreadInTheCallersTraceSoItsSpansNestUnderTheProviderSpan() {
        registry = registry(List.of(fake), Map.of());
        Span request = tracer.spanBuilder("request").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            registry.find(FAKE).orElseThrow().fetch(FakeVerificationProvider.REF);
        } finally {
            request.end();
        }

        var providerSpan = exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("provider.fetch")).findFirst().orElseThrow();
        assertThat(providerSpan.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(fake.spansSeen()).singleElement()
                .satisfies(seen -> assertThat(seen.getSpanId()).isEqualTo(providerSpan.getSpanId()));
    }

    private ProviderRegistry registry(List<VerificationProvider> providers, Map<ProviderId, ResilienceSettings> settings) {
        return new ProviderRegistry(providers, settings, tracer, new MutableClock(),
                Executors.newVirtualThreadPerTaskExecutor(), new StoppablePause());
    }
}
