/**
 * Persona adapter: Persona's REST API behind the provider SPI, its client callbacks and signed webhooks translated
 * into the domain's signals, and an offline sandbox that stands in for Persona when no API key is configured.
 */
package io.veriflow.adapters.persona;
