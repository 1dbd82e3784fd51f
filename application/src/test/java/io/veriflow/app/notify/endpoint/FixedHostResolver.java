package io.veriflow.app.notify.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A DNS of fixed answers; a name given several answers returns them one lookup after another (the last repeats). */
final class FixedHostResolver implements HostResolver {

    private final Map<String, Deque<List<InetAddress>>> answers = new HashMap<>();

    static FixedHostResolver internet() {
        return new FixedHostResolver()
                .with("hooks.example.com", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
                .with("internal.example.com", "10.1.2.3")
                .with("mixed.example.com", "93.184.215.14", "10.0.0.5")
                .with("mixed-v6.example.com", "93.184.215.14", "fd12:3456::7")
                .with("localhost", "127.0.0.1", "::1")
                .with("receiver.test", "127.0.0.1")
                .with("metadata.example.com", "169.254.169.254")
                .with("cgnat.example.com", "100.64.12.34");
    }

    FixedHostResolver with(String host, String... addresses) {
        answers.computeIfAbsent(host, name -> new ArrayDeque<>())
                .addLast(java.util.Arrays.stream(addresses).map(InetAddress::ofLiteral).toList());
        return this;
    }

    FixedHostResolver withRaw(String host, InetAddress... addresses) {
        answers.computeIfAbsent(host, name -> new ArrayDeque<>()).addLast(List.of(addresses));
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        Deque<List<InetAddress>> queue = answers.get(host);
        if (queue == null) {
            throw new UnknownHostException(host);
        }
        return queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
    }
}
