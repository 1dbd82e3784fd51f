package io.veriflow.domain.signal;

import io.veriflow.domain.model.ProviderRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A signature-verified webhook about one provider attempt. A thin notification ({@code embedded} empty) only asks
 * for reconciliation; a fat one embeds the resource with its timestamp and is applied like a snapshot.
 */
public record Notification(SignalMeta meta, ProviderRef ref, Optional<Snapshot> embedded) implements ProviderSignal {

    public Notification {
        Objects.requireNonNull(meta, "meta must not be null");
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(embedded, "embedded must not be null (use Optional.empty())");
        embedded.ifPresent(snapshot -> {
            if (!snapshot.ref().equals(ref)) {
                throw new IllegalArgumentException("embedded snapshot is about another provider reference");
            }
        });
    }

    public boolean thin() {
        return embedded.isEmpty();
    }
}
