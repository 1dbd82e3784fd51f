package io.veriflow.app.notify.worker;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.micronaut.tracing.opentelemetry.instrument.http.client.MicronautHttpClientTelemetryFactory;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.veriflow.app.notify.signing.WebhookHeaders;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * Keeps a tenant's webhook URL out of the HTTP client span of each delivery attempt: Micronaut's HTTP client
 * instrumentation records the whole URL as {@code url.full}, and a receiver's path or query often is its secret
 * ({@code ?token=...}, {@code /services/T0/B0/XXXX}). For the requests {@link WebhookSender} makes (its user agent,
 * a {@code webhook-id}) the attribute is replaced by the URL's origin ({@code https://hooks.example.com:443}); the
 * delivery span ({@code veriflow.webhook.deliver}) names the endpoint by id. Runs after the instrumentation's own
 * extractor ({@link #getOrder()}), whose value it overwrites, at the start and at the end of the span; other requests' spans are left alone. The
 * qualifier is how Micronaut Tracing picks the extractors of its HTTP client instrumentation.
 */
@Singleton
@MicronautHttpClientTelemetryFactory.Client
final class WebhookUrlOutOfSpans implements AttributesExtractor<MutableHttpRequest<?>, HttpResponse<?>>, Ordered {

    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

    @Override
    public void onStart(AttributesBuilder attributes, Context parentContext, MutableHttpRequest<?> request) {
        if (isDelivery(request)) {
            attributes.put(URL_FULL, origin(request.getUri()));
        }
    }

    @Override
    public void onEnd(AttributesBuilder attributes, Context context, MutableHttpRequest<?> request,
            HttpResponse<?> response, Throwable error) {
        onStart(attributes, context, request);
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    /** Sent by {@link WebhookSender}: its user agent and a {@code webhook-id}. */
    private static boolean isDelivery(MutableHttpRequest<?> request) {
        return WebhookSender.USER_AGENT.equals(request.getHeaders().get("User-Agent"))
                && request.getHeaders().contains(WebhookHeaders.ID);
    }

    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme() + "://";
        String host = uri.getHost() == null ? "" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return scheme + host + port;
    }
}
