/**
 * Wraps every installed {@code VerificationProvider} in per-provider resilience (retry, circuit breaker, rate and time
 * limits) and one trace span per call, and hands the wrapped providers to the use cases.
 */
package io.veriflow.app.provider;
