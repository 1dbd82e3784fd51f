/**
 * What the notification feature keeps in the database, as the endpoints API and the delivery worker see it: tenants'
 * webhook endpoints and the deliveries of outbox rows to them (implemented in the persistence package).
 */
package io.veriflow.app.notify.store;
