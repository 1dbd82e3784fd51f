/**
 * Processes owned by a test or benchmark JVM: a standalone PostgreSQL server that can be stopped immediately and
 * started again on the same data, and the Veriflow service launched as a child JVM that can be killed and relaunched.
 */
package io.veriflow.app.proc;
