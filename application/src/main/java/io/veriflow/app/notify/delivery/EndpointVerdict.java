package io.veriflow.app.notify.delivery;

import java.time.Duration;
import java.util.Objects;

/** Whether an endpoint stays enabled after its latest attempt. */
public sealed interface EndpointVerdict {

    record KeepEnabled() implements EndpointVerdict {
    }

    /**
     * Disable the endpoint: no more attempts until the product team re-enables it; pending notifications stay in the
     * outbox and go out, in order, once it is enabled again.
     */
    record Disable(int consecutiveFailures, Duration failingFor) implements EndpointVerdict {

        public Disable {
            Objects.requireNonNull(failingFor, "failing-for must not be null");
        }
    }
}
