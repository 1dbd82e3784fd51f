/** Issue 6's reliability suite: tests that duplicate, reorder, reject, fault and crash. */
package io.veriflow.app.reliability;
