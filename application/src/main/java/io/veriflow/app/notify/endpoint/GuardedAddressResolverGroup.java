package io.veriflow.app.notify.endpoint;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import io.veriflow.app.notify.endpoint.EndpointCheck.Refused;
import io.veriflow.app.notify.endpoint.HostCheck.Resolved;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * The Netty resolver for the webhook HTTP client: it resolves each host through the {@link EndpointAddressPolicy}'s
 * host and address rules and fails the connect, before any byte is sent, when the host or any of its addresses is
 * not allowed. Every connection the client opens therefore goes to an address checked in that same resolution, so a
 * DNS answer that changes after the URL was checked (DNS rebinding) cannot reach a forbidden address.
 *
 * <p>How the delivery worker uses it: a dedicated client whose configuration names this bean,
 *
 * <pre>{@code
 * micronaut.http.services.veriflow-webhooks:
 *   address-resolver-group-name: veriflow-webhooks   # this bean, by its @Named name
 *   follow-redirects: false                         # a redirect counts as a failed delivery
 *   read-timeout: 10s
 * }</pre>
 *
 * obtained as {@code @Client(id = "veriflow-webhooks") HttpClient} (or {@code HttpClientRegistry#getClient} with that
 * id) and sent absolute endpoint URLs; no {@code url} is needed for the service. Before each attempt the worker also
 * runs {@link EndpointAddressPolicy#check(String)} so that a refusal is recorded on the endpoint in words; this group
 * is what makes the check binding for the connection actually made. The client must not use an HTTP proxy: with a
 * proxy Micronaut resolves nothing locally and the proxy would have to enforce these rules. TLS still verifies the
 * certificate against the host name; only the resolution is replaced. The test
 * {@code WebhookClientConnectsOnlyWhereTheGuardAllowsTest} runs exactly this configuration.
 */
@Singleton
@Named(GuardedAddressResolverGroup.NAME)
public final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    /** The bean name to set as the webhook client's {@code address-resolver-group-name}. */
    public static final String NAME = "veriflow-webhooks";

    private final EndpointAddressPolicy policy;

    public GuardedAddressResolverGroup(EndpointAddressPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new GuardedNameResolver(executor, policy).asAddressResolver();
    }

    /** Resolves on the event loop, as Netty's default (JDK-backed) resolver does. */
    private static final class GuardedNameResolver extends InetNameResolver {

        private final EndpointAddressPolicy policy;

        GuardedNameResolver(EventExecutor executor, EndpointAddressPolicy policy) {
            super(executor);
            this.policy = policy;
        }

        @Override
        protected void doResolve(String host, Promise<InetAddress> promise) {
            switch (policy.checkHost(host)) {
                case Resolved resolved -> promise.setSuccess(resolved.addresses().getFirst());
                case Refused refused -> promise.setFailure(refusal(refused));
            }
        }

        @Override
        protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
            switch (policy.checkHost(host)) {
                case Resolved resolved -> promise.setSuccess(resolved.addresses());
                case Refused refused -> promise.setFailure(refusal(refused));
            }
        }

        private static UnknownHostException refusal(Refused refused) {
            return new UnknownHostException("webhook endpoint refused (" + refused.reason() + "): " + refused.detail());
        }
    }
}
