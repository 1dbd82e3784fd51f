/** Micronaut wiring: the factory that builds the use cases and the small infrastructure beans they need. */
package io.veriflow.app.wiring;
