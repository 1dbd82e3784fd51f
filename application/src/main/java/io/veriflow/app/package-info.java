/** The Veriflow service: its entry point, use-case wiring, flows, persistence and HTTP API. */
package io.veriflow.app;
