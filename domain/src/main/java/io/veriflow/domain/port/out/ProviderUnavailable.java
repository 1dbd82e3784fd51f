package io.veriflow.domain.port.out;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The provider could not answer now (rate limit, 5xx, maintenance, timeout). Retryable, after {@code retryAfter}. */
public final class ProviderUnavailable extends ProviderFailure {

    private static final long serialVersionUID = 1L;

    private final transient Optional<Duration> retryAfter;

    public ProviderUnavailable(String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter must not be null (use Optional.empty())");
    }

    public ProviderUnavailable(String message, Optional<Duration> retryAfter) {
        this(message, retryAfter, null);
    }

    /** How long the provider asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
