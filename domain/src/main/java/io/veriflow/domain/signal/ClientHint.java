package io.veriflow.domain.signal;

import io.veriflow.domain.model.ProviderRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A client callback (Plaid Link {@code onSuccess}/{@code onExit}/{@code onEvent}, Persona {@code onComplete}/{@code
 * onCancel}/{@code onError}/{@code onEvent}...), already translated by the provider's adapter.
 *
 * @param claimedRef the provider reference the client says this is about, when it said one (unverified)
 */
public record ClientHint(SignalMeta meta, Optional<ProviderRef> claimedRef, HintContent content)
        implements ProviderSignal {

    public ClientHint {
        Objects.requireNonNull(meta, "meta must not be null");
        Objects.requireNonNull(claimedRef, "claimedRef must not be null (use Optional.empty())");
        Objects.requireNonNull(content, "content must not be null");
    }
}
