package io.veriflow.app.reliability.scan;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.inject.Singleton;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * TEST ONLY: every span any test context ends is appended, as one JSON line, to the file named by
 * {@value #PROPERTY} (set for every test in {@code application-test.yml}): name, kind, ids, status and its
 * description, every attribute, every event with its attributes, every link with its attributes. The
 * {@link LogAndTraceScanIT} reads the file after all other tests.
 *
 * <p>Micronaut Tracing takes at most one {@link SpanProcessor} bean (the in-memory exporter of some tests is one), so
 * this processor is added through an {@link OpenTelemetryBuilderCustomizer} instead: it sits beside any processor bean
 * and changes nothing a test sees of its own spans. The SDK's default sampler (parent-based, always on) samples every
 * span the service starts.
 */
@Singleton
@Requires(property = SpanFile.PROPERTY)
final class SpanFile implements OpenTelemetryBuilderCustomizer {

    static final String PROPERTY = "veriflow.test.span-file";

    /** One writer per file for the whole JVM: several application contexts may be open at once. */
    private static final Map<Path, BufferedWriter> WRITERS = new HashMap<>();

    private final Path file;

    SpanFile(@Property(name = PROPERTY) String file) {
        this.file = Path.of(file).toAbsolutePath().normalize();
    }

    @Override
    public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        builder.addTracerProviderCustomizer((tracerProvider, config) ->
                tracerProvider.addSpanProcessor(new Appender(file)));
    }

    /** Writes each ended span at once (flushed), so nothing depends on the context being closed. */
    private record Appender(Path file) implements SpanProcessor {

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            append(file, line(span.toSpanData()));
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static void append(Path file, String line) {
        synchronized (WRITERS) {
            try {
                BufferedWriter writer = WRITERS.get(file);
                if (writer == null) {
                    Files.createDirectories(file.getParent());
                    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                    WRITERS.put(file, writer);
                }
                writer.write(line);
                writer.newLine();
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not append a span to " + file, e);
            }
        }
    }

    static String line(SpanData span) {
        StringJoiner events = new StringJoiner(",", "[", "]");
        for (EventData event : span.getEvents()) {
            events.add("{\"name\":" + Json.string(event.getName()) + ",\"attributes\":"
                    + attributes(event.getAttributes()) + "}");
        }
        StringJoiner links = new StringJoiner(",", "[", "]");
        for (LinkData link : span.getLinks()) {
            links.add("{\"trace\":" + Json.string(link.getSpanContext().getTraceId()) + ",\"span\":"
                    + Json.string(link.getSpanContext().getSpanId()) + ",\"attributes\":"
                    + attributes(link.getAttributes()) + "}");
        }
        return "{\"name\":" + Json.string(span.getName())
                + ",\"kind\":" + Json.string(span.getKind().name())
                + ",\"scope\":" + Json.string(span.getInstrumentationScopeInfo().getName())
                + ",\"trace\":" + Json.string(span.getTraceId())
                + ",\"span\":" + Json.string(span.getSpanId())
                + ",\"parent\":" + Json.string(span.getParentSpanId())
                + ",\"status\":" + Json.string(span.getStatus().getStatusCode().name())
                + ",\"statusDescription\":" + Json.string(span.getStatus().getDescription())
                + ",\"attributes\":" + attributes(span.getAttributes())
                + ",\"events\":" + events
                + ",\"links\":" + links + "}";
    }

    private static String attributes(Attributes attributes) {
        StringJoiner members = new StringJoiner(",", "{", "}");
        attributes.forEach((key, value) -> members.add(Json.string(key.getKey()) + ":" + Json.string(
                String.valueOf(value))));
        return members.toString();
    }

    /** The few JSON strings this file needs. */
    static final class Json {

        private Json() {
        }

        static String string(String value) {
            if (value == null) {
                return "null";
            }
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
