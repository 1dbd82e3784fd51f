/**
 * Faults injected under the running service: commits that succeed although the caller sees an error, and a provider
 * API that answers 500, 429 and nothing at all for a while; every signal is still applied exactly once, every
 * notification delivered at least once, every reconcile task finished.
 */
package io.veriflow.app.reliability.faults;
