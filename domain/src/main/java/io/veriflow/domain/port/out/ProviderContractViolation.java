package io.veriflow.domain.port.out;

/** The provider answered, but its payload broke the contract the adapter relies on. Not retried; alerts. */
public final class ProviderContractViolation extends ProviderFailure {

    private static final long serialVersionUID = 1L;

    public ProviderContractViolation(String message, Throwable cause) {
        super(message, cause);
    }

    public ProviderContractViolation(String message) {
        this(message, null);
    }
}
