package io.veriflow.domain.provider;

import java.time.Duration;
import java.util.Objects;

/** Who expires sessions that are left open. */
public sealed interface ExpiryPolicy {

    /** The provider expires attempts itself and tells us (Persona). */
    record ProviderExpires() implements ExpiryPolicy {
    }

    /** The provider does not expire attempts (Plaid IDV today): the platform expires them after {@code lifetime}. */
    record PlatformExpires(Duration lifetime) implements ExpiryPolicy {
        public PlatformExpires {
            Objects.requireNonNull(lifetime, "lifetime must not be null");
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("lifetime must be positive");
            }
        }
    }
}
