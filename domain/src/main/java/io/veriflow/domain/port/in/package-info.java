/** Inbound ports: one interface per use case; controllers and adapters call these and nothing else. */
package io.veriflow.domain.port.in;
