/** HTTP plumbing shared by every controller: RFC 9457 problem details and the error handlers that produce them. */
package io.veriflow.app.http;
