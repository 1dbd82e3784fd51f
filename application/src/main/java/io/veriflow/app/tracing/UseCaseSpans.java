package io.veriflow.app.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a use case inside its own span. Attributes are namespaced and free of personal data: ids of the tenant, the
 * session and the provider, and the outcome's kind; never a subject reference, token or payload.
 */
public final class UseCaseSpans {

    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("veriflow.tenant");
    public static final AttributeKey<String> SESSION = AttributeKey.stringKey("veriflow.session.id");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("veriflow.provider");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("veriflow.outcome");

    private final Tracer tracer;

    public UseCaseSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * @param name the use case, e.g. {@code RecordSignal}
     * @param before sets the attributes known before running
     * @param outcome names the result's kind, e.g. {@code Applied.Changed}
     */
    public <T> T run(String name, Consumer<Span> before, Supplier<T> work, java.util.function.Function<T, String> outcome) {
        Span span = tracer.spanBuilder("veriflow." + name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            before.accept(span);
            T result = work.get();
            span.setAttribute(OUTCOME, outcome.apply(result));
            return result;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.setAttribute(OUTCOME, "error");
            throw e;
        } finally {
            span.end();
        }
    }
}
