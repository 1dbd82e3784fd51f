/**
 * Durable background work: the worker that claims reconcile tasks from PostgreSQL under leases (so any number of
 * instances share them and a crashed instance's tasks are taken over), its timers for silent sessions and platform
 * expiry, and the read model of stuck tasks.
 */
package io.veriflow.app.work;
