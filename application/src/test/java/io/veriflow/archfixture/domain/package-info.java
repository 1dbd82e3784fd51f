/** A domain that breaks its rules. */
package io.veriflow.archfixture.domain;
