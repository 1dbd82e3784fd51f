package io.veriflow.domain.provider;

import java.util.Objects;
import java.util.Set;

/**
 * What a provider supports, declared by its adapter. The domain decides from these whether a session may be resumed
 * or retried; the adapter never decides that itself.
 */
public record ProviderCapabilities(
        ResumeSupport resume, Set<RetryMode> retryModes, WebhookStyle webhooks, ExpiryPolicy expiry) {

    public ProviderCapabilities {
        Objects.requireNonNull(resume, "resume support must not be null");
        Objects.requireNonNull(webhooks, "webhook style must not be null");
        Objects.requireNonNull(expiry, "expiry policy must not be null");
        retryModes = Set.copyOf(retryModes);
    }

    public boolean retries() {
        return !retryModes.isEmpty();
    }
}
