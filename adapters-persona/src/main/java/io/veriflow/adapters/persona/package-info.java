/** Persona adapter: translates Persona's client callbacks, signed webhooks and REST API into the domain's ports. */
package io.veriflow.adapters.persona;
