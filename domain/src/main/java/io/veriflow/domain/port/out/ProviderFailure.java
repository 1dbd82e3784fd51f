package io.veriflow.domain.port.out;

/**
 * A provider call that did not succeed. The sealed set is all that crosses the port: adapters map HTTP statuses and
 * provider error objects onto it, and retries key on it. Messages must never contain secrets or personal data.
 */
public abstract sealed class ProviderFailure extends RuntimeException
        permits ProviderUnavailable, ProviderRejected, ProviderContractViolation {

    private static final long serialVersionUID = 1L;

    protected ProviderFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
