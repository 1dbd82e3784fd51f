/** The other side of a package cycle. */
package io.veriflow.archfixture.cycle.b;
