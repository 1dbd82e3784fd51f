/** Outbound ports that break their rules. */
package io.veriflow.archfixture.port.out;
