package io.veriflow.domain.signal;

import java.util.Objects;

/** A snapshot read from the provider's API: the only kind of signal besides a fat notification that decides. */
public record AuthoritativeSnapshot(SignalMeta meta, Snapshot snapshot) implements ProviderSignal {

    public AuthoritativeSnapshot {
        Objects.requireNonNull(meta, "meta must not be null");
        Objects.requireNonNull(snapshot, "snapshot must not be null");
    }
}
