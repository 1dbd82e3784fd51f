/** An adapter that breaks its rules. */
package io.veriflow.archfixture.adapters.one;
