/**
 * The offline Plaid sandbox: Plaid's IDV API, link tokens and signed webhooks in memory, served by this service when
 * no Plaid credentials are configured, so the adapter's real HTTP and webhook-verification paths run without Plaid.
 */
package io.veriflow.adapters.plaid.sandbox;
