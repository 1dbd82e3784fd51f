/**
 * The reliability suite of issue 6 that fits the normal test run: a duplicate storm against two service instances on
 * one database, reordered and duplicated deliveries compared with their in-order twins, and the rejection matrix of
 * both providers' webhooks and the API's input limits against one running service.
 */
package io.veriflow.app.reliability;
