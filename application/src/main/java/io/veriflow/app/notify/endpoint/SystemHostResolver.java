package io.veriflow.app.notify.endpoint;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves through the JVM's resolver (and its cache, see {@code networkaddress.cache.ttl}). */
@Singleton
final class SystemHostResolver implements HostResolver {

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
