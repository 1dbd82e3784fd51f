package io.veriflow.domain.signal;

/**
 * Anything a provider told us. The three kinds differ in {@link Authority}, and the type system keeps each kind to
 * what its authority allows: a {@link ClientHint} has no way to carry a decision.
 */
public sealed interface ProviderSignal permits ClientHint, Notification, AuthoritativeSnapshot {

    SignalMeta meta();

    default Authority authority() {
        return switch (this) {
            case ClientHint hint -> Authority.CLIENT_HINT;
            case Notification notification -> Authority.NOTIFICATION;
            case AuthoritativeSnapshot snapshot -> Authority.AUTHORITATIVE;
        };
    }
}
