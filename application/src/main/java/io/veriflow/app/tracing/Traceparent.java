package io.veriflow.app.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} of the current span, as stored with signal-log, task and outbox rows, and read back so
 * the asynchronous work those rows cause links to the request that created them.
 */
public final class Traceparent {

    private static final Pattern SHAPE = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private Traceparent() {
    }

    /** The current span's context as a traceparent, if there is a valid one. */
    public static Optional<String> current() {
        SpanContext context = Span.current().getSpanContext();
        if (!context.isValid()) {
            return Optional.empty();
        }
        return Optional.of("00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex());
    }

    /** A stored traceparent as a remote span context to link to; empty if absent or malformed. */
    public static Optional<SpanContext> parse(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var matcher = SHAPE.matcher(traceparent);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        SpanContext context = SpanContext.createFromRemoteParent(matcher.group(1), matcher.group(2),
                TraceFlags.fromHex(matcher.group(3), 0), TraceState.getDefault());
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }
}
