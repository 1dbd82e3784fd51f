/**
 * End-to-end tests of the Persona slice: the whole service on embedded PostgreSQL, the Persona adapter talking to a
 * local fake of Persona's API, signed webhooks and forwarded client callbacks over real HTTP.
 */
package io.veriflow.app.e2e.persona;
