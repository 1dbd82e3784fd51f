package io.veriflow.app.notify.endpoint;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/** Whether a webhook endpoint URL may be registered or sent to. */
public sealed interface EndpointCheck {

    /**
     * The endpoint passed every rule.
     *
     * @param uri the parsed endpoint
     * @param addresses every address its host resolved to, all of them allowed
     */
    record Allowed(URI uri, List<InetAddress> addresses) implements EndpointCheck {

        public Allowed {
            Objects.requireNonNull(uri, "uri must not be null");
            addresses = List.copyOf(addresses);
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("an allowed endpoint has at least one address");
            }
        }
    }

    /**
     * The endpoint broke a rule.
     *
     * @param reason which rule
     * @param detail words for the product team; never repeats the URL (its query may hold a secret) and never names
     *     the resolved addresses (that would map our internal network for whoever registers endpoints)
     */
    record Refused(RefusalReason reason, String detail) implements EndpointCheck, HostCheck {

        public Refused {
            Objects.requireNonNull(reason, "reason must not be null");
            Objects.requireNonNull(detail, "detail must not be null");
        }
    }
}
