/** Who is calling the HTTP API: tenants by API key, front ends by a session's client secret, operators by key. */
package io.veriflow.app.security;
