/** Classes that break the architecture's rules on purpose, to show each rule can fail. Never used elsewhere. */
package io.veriflow.archfixture;
