package io.veriflow.domain.signal;

/** How far a signal can be trusted. */
public enum Authority {
    /** A client callback forwarded by a browser or app: lossy, stale, may never arrive, may be forged. */
    CLIENT_HINT,
    /** A signature-verified webhook: authentic, but may be thin, duplicated or out of order. */
    NOTIFICATION,
    /** A snapshot read from the provider's API (or embedded, with its timestamp, in a webhook). */
    AUTHORITATIVE
}
