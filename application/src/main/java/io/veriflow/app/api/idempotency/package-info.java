/** Idempotency keys of the API's create requests: claimed in PostgreSQL before acting, replayed without secrets. */
package io.veriflow.app.api.idempotency;
