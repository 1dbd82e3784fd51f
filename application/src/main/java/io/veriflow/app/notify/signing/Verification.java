package io.veriflow.app.notify.signing;

import java.time.Instant;

/** The outcome of checking a received webhook's Standard Webhooks headers. */
public sealed interface Verification {

    /** The signature matched and the timestamp is within the tolerance. */
    record Verified(String webhookId, Instant timestamp) implements Verification {
    }

    record Rejected(Reason reason) implements Verification {
    }

    /** Why a webhook was rejected; one per failure mode. */
    enum Reason {
        MISSING_ID,
        MISSING_TIMESTAMP,
        MISSING_SIGNATURE,
        MALFORMED_TIMESTAMP,
        /** Older than the tolerance: possibly a replay. */
        TIMESTAMP_TOO_OLD,
        /** Further in the future than the tolerance. */
        TIMESTAMP_TOO_NEW,
        /** No {@code v1} signature in the header matched the body. */
        NO_MATCHING_SIGNATURE
    }
}
