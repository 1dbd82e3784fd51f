/**
 * The delivery worker: claims due webhook deliveries with leases, signs and sends them through the guarded HTTP
 * client, and records each attempt's outcome, retries, give-ups and auto-disables.
 */
package io.veriflow.app.notify.worker;
