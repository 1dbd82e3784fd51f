package io.veriflow.app.provider;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.veriflow.app.usecase.Providers;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.port.out.VerificationProvider;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed providers, each wrapped once, when the registry is created, as
 * {@code Traced(Resilient(adapter))}: one span around all the retries of a call (see
 * {@link TracedVerificationProvider} and {@link ResilientVerificationProvider}). Adapters contribute their
 * {@link VerificationProvider} beans; the resilience settings of provider {@code <id>} come from
 * {@code veriflow.providers.<id>.resilience.*} ({@link ProviderResilienceProperties}), or are the defaults.
 *
 * <p>It owns the threads provider calls run on (virtual threads, carrying the caller's trace context so HTTP client
 * spans nest under the provider span) and stops them, and any pending backoff, when the application context closes.
 */
@Singleton
public final class ProviderRegistry implements Providers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    static final String INSTRUMENTATION_SCOPE = "io.veriflow.app.provider";

    private final Map<ProviderId, VerificationProvider> decorated;
    private final ExecutorService calls;
    private final StoppablePause pause;

    @Inject
    ProviderRegistry(Collection<VerificationProvider> providers, Collection<ProviderResilienceProperties> configured,
            OpenTelemetry openTelemetry, Clock clock) {
        this(providers, settingsById(configured), openTelemetry.getTracer(INSTRUMENTATION_SCOPE), clock,
                Executors.newVirtualThreadPerTaskExecutor(), new StoppablePause());
    }

    /** @param calls runs provider calls; wrapped here so each task runs in the trace context of its caller */
    ProviderRegistry(Collection<VerificationProvider> providers, Map<ProviderId, ResilienceSettings> settings,
            Tracer tracer, Clock clock, ExecutorService calls, StoppablePause pause) {
        this.calls = Context.taskWrapping(calls);
        this.pause = pause;
        Map<ProviderId, VerificationProvider> wrapped = new LinkedHashMap<>();
        for (VerificationProvider provider : providers) {
            ProviderId id = provider.id();
            if (wrapped.containsKey(id)) {
                throw new IllegalStateException("two VerificationProvider beans claim the provider id " + id);
            }
            ResilienceSettings resilience = settings.getOrDefault(id, ResilienceSettings.defaults());
            wrapped.put(id, new TracedVerificationProvider(
                    new ResilientVerificationProvider(provider, resilience, clock, this.calls, pause), tracer));
        }
        this.decorated = Map.copyOf(wrapped);
        LOG.info("Verification providers installed: {}", wrapped.keySet());
    }

    /** The provider with this id, wrapped in resilience and tracing; empty when no adapter provides it. */
    @Override
    public Optional<VerificationProvider> find(ProviderId id) {
        return Optional.ofNullable(decorated.get(id));
    }

    public Set<ProviderId> ids() {
        return decorated.keySet();
    }

    /** Ends pending backoffs and interrupts running provider calls; called when the application context closes. */
    @PreDestroy
    @Override
    public void close() {
        pause.stop();
        calls.shutdownNow();
    }

    private static Map<ProviderId, ResilienceSettings> settingsById(
            Collection<ProviderResilienceProperties> configured) {
        return configured.stream().collect(Collectors.toMap(
                properties -> new ProviderId(properties.getName()), ProviderResilienceProperties::toSettings));
    }
}
