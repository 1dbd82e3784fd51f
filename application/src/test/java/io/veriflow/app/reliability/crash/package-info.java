/**
 * The crash part of issue 6's reliability suite, a separate command ({@code -Preliability}, see README): the service
 * as child processes on a standalone PostgreSQL, under load, while instances are killed, PostgreSQL stops
 * immediately and the provider fails for minutes; every acknowledged webhook must be applied exactly once and every
 * notification delivered.
 */
package io.veriflow.app.reliability.crash;
