/**
 * Issue 6's reliability suite: tests that duplicate, reorder, reject, fault and crash. In this package, what fits the
 * normal test run: a duplicate storm against two service instances on one database, reordered and duplicated
 * deliveries compared with their in-order twins, and the rejection matrix of both providers' webhooks and the API's
 * input limits against one running service. Sub-packages: {@code faults} (commit and provider faults, in the normal
 * run), {@code scan} (the log and trace scan after every other integration test), {@code crash} (process kills and
 * PostgreSQL restarts, only in the {@code -Preliability} command).
 */
package io.veriflow.app.reliability;
