package io.veriflow.app.api.idempotency;

import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.TenantId;
import java.util.Objects;
import java.util.UUID;

/** What claiming an idempotency key found. */
public sealed interface Claim {

    /**
     * The key is this request's to act on: no request used it before, or the one that did stopped without finishing
     * (its lease ran out). Finish with {@link IdempotencyStore#complete} or give it back with
     * {@link IdempotencyStore#release}.
     *
     * @param token proves the claim is still this request's when it completes
     */
    record Claimed(TenantId tenant, IdempotencyKey key, UUID token) implements Claim {
        public Claimed {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(key, "key must not be null");
            Objects.requireNonNull(token, "token must not be null");
        }
    }

    /** An earlier request with this key and the same body finished: answer with what it answered. */
    record Replay(int status, String response) implements Claim {
        public Replay {
            Objects.requireNonNull(response, "response must not be null");
        }
    }

    /** An earlier request with this key and the same body is still running. */
    record InProgress() implements Claim {
    }

    /** The key was used before for a different request. */
    record Mismatch() implements Claim {
    }
}
