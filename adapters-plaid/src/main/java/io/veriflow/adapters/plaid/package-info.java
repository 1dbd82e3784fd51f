/** Plaid adapter: translates Plaid Link callbacks, JWT-verified IDV webhooks and the IDV API into the domain's ports. */
package io.veriflow.adapters.plaid;
