package io.veriflow.app.notify.endpoint;

import java.net.InetAddress;
import java.util.List;

/** Whether a host may be connected to, and at which addresses. */
sealed interface HostCheck permits HostCheck.Resolved, EndpointCheck.Refused {

    /** Every address of the host is allowed; connect to these and no others. */
    record Resolved(List<InetAddress> addresses) implements HostCheck {

        public Resolved {
            addresses = List.copyOf(addresses);
        }
    }
}
