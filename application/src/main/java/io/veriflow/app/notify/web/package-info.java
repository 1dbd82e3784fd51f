/**
 * The tenant-facing API of outbound notifications ({@code /v1/webhook-endpoints}): register, list, inspect, delete,
 * re-enable and rotate the secret of webhook endpoints, and replay notifications to them.
 */
package io.veriflow.app.notify.web;
