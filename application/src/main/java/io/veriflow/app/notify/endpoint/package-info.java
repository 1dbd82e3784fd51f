/** Guards tenants' webhook endpoint addresses against server-side request forgery, at registration and at send time. */
package io.veriflow.app.notify.endpoint;
