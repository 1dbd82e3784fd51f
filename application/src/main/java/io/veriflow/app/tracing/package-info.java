/** Tracing: one span per use case with PII-free attributes, and the W3C trace context stored with async work. */
package io.veriflow.app.tracing;
