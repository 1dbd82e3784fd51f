/** Persistence that breaks its rules. */
package io.veriflow.archfixture.persistence;
