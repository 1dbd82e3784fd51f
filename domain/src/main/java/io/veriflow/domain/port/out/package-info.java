/** Outbound ports: what the domain needs from the world (providers, storage, outbox, secrets), named by capability. */
package io.veriflow.domain.port.out;
