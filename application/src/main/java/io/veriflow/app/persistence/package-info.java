/**
 * PostgreSQL persistence of sessions, the signal log and reconcile tasks: Micronaut Data JDBC rows mapped by hand to
 * and from the domain, behind the domain's outbound ports.
 */
package io.veriflow.app.persistence;
