/** Provider-neutral model of identity-verification sessions and the ports through which the world talks to it. */
package io.veriflow.domain;
