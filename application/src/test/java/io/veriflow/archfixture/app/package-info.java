/** An application that breaks its rules. */
package io.veriflow.archfixture.app;
