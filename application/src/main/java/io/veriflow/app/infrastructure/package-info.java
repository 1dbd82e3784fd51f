/** Technical infrastructure the service runs on, kept apart from use cases and flows. */
package io.veriflow.app.infrastructure;
