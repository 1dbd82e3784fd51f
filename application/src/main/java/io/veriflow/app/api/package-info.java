/** The versioned sessions API ({@code /v1}): controllers over the inbound ports, and their JSON request and response records. */
package io.veriflow.app.api;
