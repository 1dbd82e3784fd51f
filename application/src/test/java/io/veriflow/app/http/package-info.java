/** Tests of the HTTP layer's own helpers (problem mapping). */
package io.veriflow.app.http;
