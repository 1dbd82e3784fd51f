package io.veriflow.domain.session;

import io.veriflow.domain.model.ProviderRef;
import java.util.Objects;

/**
 * A request to read the authoritative state of an attempt from the provider.
 *
 * @param ref the attempt to fetch; for an attempt whose reference is not confirmed yet, the reference a client
 *     claimed, which the fetched snapshot must then confirm (subject and chain checks)
 */
public record ReconcileRequest(ProviderRef ref, Why why) {

    public ReconcileRequest {
        Objects.requireNonNull(ref, "ref must not be null");
        Objects.requireNonNull(why, "why must not be null");
    }

    public enum Why {
        CLIENT_HINT,
        THIN_NOTIFICATION,
        /** A fat notification that embedded the resource without its steps. */
        INCOMPLETE_SNAPSHOT,
        UNKNOWN_STATUS,
        SILENT_SESSION
    }
}
