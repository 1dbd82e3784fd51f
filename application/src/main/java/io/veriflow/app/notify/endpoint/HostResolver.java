package io.veriflow.app.notify.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name to all of its addresses. Replaced by a fixed table in tests, so no test needs DNS. */
public interface HostResolver {

    /**
     * @param host a lower-case host name, never an IP literal
     * @return every address the name resolves to
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
