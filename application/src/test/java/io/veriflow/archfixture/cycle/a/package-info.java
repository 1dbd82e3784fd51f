/** One side of a package cycle. */
package io.veriflow.archfixture.cycle.a;
