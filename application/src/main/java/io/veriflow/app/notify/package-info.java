/** Outbound notifications to product teams: the settings shared by signing, payloads, endpoint checks and retries. */
package io.veriflow.app.notify;
