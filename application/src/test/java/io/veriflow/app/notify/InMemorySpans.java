package io.veriflow.app.notify;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/** TEST ONLY: every finished span of the context also goes to an in-memory exporter the test can read. */
@Factory
@Requires(property = InMemorySpans.ENABLED, value = "true")
final class InMemorySpans {

    static final String ENABLED = "veriflow.test.in-memory-spans";

    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }

    @Singleton
    SpanProcessor inMemory(InMemorySpanExporter exporter) {
        return SimpleSpanProcessor.create(exporter);
    }
}
