/** Runs the service on an in-process embedded PostgreSQL when no datasource URL is configured. */
package io.veriflow.app.infrastructure.postgres;
