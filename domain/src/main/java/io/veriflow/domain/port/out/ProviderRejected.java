package io.veriflow.domain.port.out;

import java.util.Objects;

/** The provider refused the request (bad input, auth, not found, invalid state). Never retried as is. */
public final class ProviderRejected extends ProviderFailure {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code the provider's error code or HTTP status, for diagnostics (no personal data)
     */
    public ProviderRejected(String code, String message) {
        super(message, null);
        this.code = Objects.requireNonNull(code, "code must not be null");
    }

    public String code() {
        return code;
    }
}
