package io.veriflow.app.provider;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.signal.Snapshot;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A {@link VerificationProvider} decorator that records one OpenTelemetry span per call ({@code provider.start},
 * {@code provider.fetch}, {@code provider.resume}, {@code provider.retry}). It is the outermost decorator: one span
 * covers all the retries of a call, each retry is a {@code provider.retry} span event, and the span is current while
 * the call runs, so the HTTP client spans of each attempt are its children.
 *
 * <p>The span is {@link SpanKind#INTERNAL}: it is a logical call that may make several requests; the HTTP client
 * instrumentation adds one {@code CLIENT} span per request beneath it.
 *
 * <p><b>Attributes are free of personal data</b>: the provider id, the operation, the outcome ({@code ok},
 * {@code unavailable}, {@code rejected}, {@code contract_violation}, {@code error}), the number of attempts, the
 * session and tenant ids, the provider's opaque attempt ids ({@code veriflow.provider.ref}, e.g. {@code inq_...}),
 * a rejection's error code and an unavailable answer's {@code retryAfter}. Never the subject reference, tokens,
 * templates or idempotency keys. A failure sets status {@code ERROR} and adds an {@code exception} event with the
 * exception's type; its message only for the domain's {@link ProviderFailure}s, whose messages are written to be
 * safe. No stack trace is recorded (a cause's message could carry a response body).
 */
final class TracedVerificationProvider implements VerificationProvider {

    static final AttributeKey<String> PROVIDER = stringKey("veriflow.provider");
    static final AttributeKey<String> OPERATION = stringKey("veriflow.provider.operation");
    static final AttributeKey<String> OUTCOME = stringKey("veriflow.provider.outcome");
    static final AttributeKey<Long> ATTEMPTS = longKey("veriflow.provider.attempts");
    static final AttributeKey<String> REF = stringKey("veriflow.provider.ref");
    static final AttributeKey<String> PREVIOUS_REF = stringKey("veriflow.provider.previous_ref");
    static final AttributeKey<String> ERROR_CODE = stringKey("veriflow.provider.error_code");
    static final AttributeKey<Long> RETRY_AFTER_MS = longKey("veriflow.provider.retry_after_ms");
    static final AttributeKey<String> SESSION = stringKey("veriflow.session.id");
    static final AttributeKey<String> TENANT = stringKey("veriflow.tenant");
    static final AttributeKey<Long> ATTEMPT = longKey("veriflow.provider.attempt");
    static final AttributeKey<Long> WAIT_MS = longKey("veriflow.provider.retry.wait_ms");
    static final AttributeKey<String> UNAVAILABLE_ORIGIN = stringKey("veriflow.provider.unavailable.origin");
    static final AttributeKey<String> EXCEPTION_TYPE = stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = stringKey("exception.message");

    static final String RETRY_EVENT = "provider.retry";

    private final VerificationProvider delegate;
    private final Tracer tracer;

    TracedVerificationProvider(VerificationProvider delegate, Tracer tracer) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.tracer = Objects.requireNonNull(tracer, "tracer must not be null");
    }

    @Override
    public ProviderId id() {
        return delegate.id();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        Attributes known = Attributes.of(SESSION, request.session().toString(), TENANT, request.tenant().value());
        return traced(ProviderOperation.START, known, () -> delegate.start(request),
                (span, started) -> setRef(span, REF, started.ref()));
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        return traced(ProviderOperation.FETCH, Attributes.of(REF, ref.value()), () -> delegate.fetch(ref),
                (span, snapshot) -> { });
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        AttributesBuilder known = Attributes.builder().put(SESSION, request.session().toString());
        request.ref().ifPresent(ref -> known.put(REF, ref.value()));
        return traced(ProviderOperation.RESUME, known.build(), () -> delegate.resume(request), (span, grant) -> { });
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        AttributesBuilder known = Attributes.builder().put(SESSION, request.session().toString());
        request.previous().ifPresent(previous -> known.put(PREVIOUS_REF, previous.value()));
        return traced(ProviderOperation.RETRY, known.build(), () -> delegate.retry(request),
                (span, started) -> setRef(span, REF, started.ref()));
    }

    @SuppressWarnings("try") // the scope is only opened and closed
    private <T> T traced(
            ProviderOperation operation, Attributes known, Supplier<T> call, BiConsumer<Span, T> describeResult) {
        Span span = tracer.spanBuilder("provider." + operation.label())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(PROVIDER, delegate.id().value())
                .setAttribute(OPERATION, operation.label())
                .setAllAttributes(known)
                .startSpan();
        SpanRetries retries = new SpanRetries(span);
        try (Scope ignored = span.makeCurrent()) {
            T result = ScopedValue.where(RetryListener.CURRENT, retries).call(call::get);
            describeResult.accept(span, result);
            span.setAttribute(OUTCOME, CallOutcome.OK.label());
            return result;
        } catch (RuntimeException failure) {
            recordFailure(span, failure);
            throw failure;
        } finally {
            span.setAttribute(ATTEMPTS, retries.attempts());
            span.end();
        }
    }

    private static void recordFailure(Span span, RuntimeException failure) {
        CallOutcome outcome = CallOutcome.of(failure);
        span.setAttribute(OUTCOME, outcome.label());
        span.setStatus(StatusCode.ERROR, outcome.label());
        AttributesBuilder exception = Attributes.builder().put(EXCEPTION_TYPE, failure.getClass().getName());
        if (failure instanceof ProviderFailure && failure.getMessage() != null) {
            exception.put(EXCEPTION_MESSAGE, failure.getMessage());
        }
        span.addEvent("exception", exception.build());
        if (failure instanceof ProviderRejected rejected) {
            span.setAttribute(ERROR_CODE, rejected.code());
        }
        if (failure instanceof ProviderUnavailable unavailable) {
            span.setAttribute(UNAVAILABLE_ORIGIN, originLabel(unavailable));
            unavailable.retryAfter().ifPresent(after -> span.setAttribute(RETRY_AFTER_MS, after.toMillis()));
        }
    }

    private static void setRef(Span span, AttributeKey<String> key, Optional<ProviderRef> ref) {
        ref.ifPresent(present -> span.setAttribute(key, present.value()));
    }

    private static String originLabel(ProviderUnavailable unavailable) {
        return RetryRules.originOf(unavailable).name().toLowerCase(Locale.ROOT);
    }

    /** Turns the retries of the traced call into span events and counts the attempts. */
    private static final class SpanRetries implements RetryListener {

        private final Span span;
        private long retries;

        SpanRetries(Span span) {
            this.span = span;
        }

        @Override
        public void retrying(int failedAttempt, Duration wait, RuntimeException failure) {
            retries++;
            AttributesBuilder event = Attributes.builder()
                    .put(ATTEMPT, failedAttempt)
                    .put(WAIT_MS, wait.toMillis())
                    .put(OUTCOME, CallOutcome.of(failure).label());
            if (failure instanceof ProviderUnavailable unavailable) {
                event.put(UNAVAILABLE_ORIGIN, originLabel(unavailable));
            }
            span.addEvent(RETRY_EVENT, event.build());
        }

        long attempts() {
            return retries + 1;
        }
    }
}
