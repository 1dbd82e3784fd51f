/** Standard Webhooks signing of outbound notifications, and the matching verification for receivers and tests. */
package io.veriflow.app.notify.signing;
