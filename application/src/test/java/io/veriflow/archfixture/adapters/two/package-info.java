/** A second adapter. */
package io.veriflow.archfixture.adapters.two;
