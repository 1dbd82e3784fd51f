package io.veriflow.app.notify.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.veriflow.app.notify.NotificationProperties;
import io.veriflow.app.notify.endpoint.EndpointCheck.Allowed;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The resolver the webhook client connects through: it applies the address rules inside the connect, so what is
 * connected to is what was checked, whatever DNS answered earlier.
 */
class GuardedAddressResolverGroupTest {

    @Test
    void anAllowedHostResolvesToItsCheckedAddresses() {
        AddressResolver<InetSocketAddress> resolver = strictGroup(FixedHostResolver.internet())
                .getResolver(ImmediateEventExecutor.INSTANCE);

        Future<List<InetSocketAddress>> all = resolver
                .resolveAll(InetSocketAddress.createUnresolved("hooks.example.com", 443))
                .awaitUninterruptibly();

        assertThat(all.isSuccess()).isTrue();
        assertThat(all.getNow()).containsExactly(
                new InetSocketAddress(InetAddress.ofLiteral("93.184.215.14"), 443),
                new InetSocketAddress(InetAddress.ofLiteral("2606:2800:21f:cb07:6820:80da:af6b:8b2c"), 443));
    }

    @Test
    void aForbiddenHostFailsTheResolutionBeforeAnyConnect() {
        AddressResolver<InetSocketAddress> resolver = strictGroup(FixedHostResolver.internet())
                .getResolver(ImmediateEventExecutor.INSTANCE);

        Future<InetSocketAddress> one =
                resolver.resolve(InetSocketAddress.createUnresolved("mixed.example.com", 443)).awaitUninterruptibly();

        assertThat(one.isSuccess()).isFalse();
        assertThat(one.cause()).isInstanceOf(UnknownHostException.class).hasMessageContaining("FORBIDDEN_ADDRESS");
    }

    @Test
    void ipLiteralsAndMetadataNamesAreGuardedToo() {
        AddressResolver<InetSocketAddress> resolver = strictGroup(FixedHostResolver.internet())
                .getResolver(ImmediateEventExecutor.INSTANCE);

        assertThat(resolver.resolve(InetSocketAddress.createUnresolved("169.254.169.254", 80))
                .awaitUninterruptibly().cause()).hasMessageContaining("FORBIDDEN_ADDRESS");
        assertThat(resolver.resolve(InetSocketAddress.createUnresolved("metadata.google.internal", 80))
                .awaitUninterruptibly().cause()).hasMessageContaining("CLOUD_METADATA_HOST");
        assertThat(resolver.resolve(InetSocketAddress.createUnresolved("127.1", 80))
                .awaitUninterruptibly().cause()).hasMessageContaining("NON_CANONICAL_ADDRESS");
        assertThat(resolver.resolve(InetSocketAddress.createUnresolved("0x7f.0.0.1", 80))
                .awaitUninterruptibly().cause()).hasMessageContaining("NON_CANONICAL_ADDRESS");
        assertThat(resolver.resolve(InetSocketAddress.createUnresolved("[::ffff:127.0.0.1]", 80))
                .awaitUninterruptibly().cause()).hasMessageContaining("FORBIDDEN_ADDRESS");
    }

    @Test
    void aRebindingAnswerAfterTheCheckIsCaughtAtConnectTime() {
        var dns = new FixedHostResolver()
                .with("rebind.example.com", "93.184.215.14")
                .with("rebind.example.com", "169.254.169.254");
        var policy = new EndpointAddressPolicy(dns, NotificationProperties.defaults());

        assertThat(policy.check("https://rebind.example.com/hook")).isInstanceOf(Allowed.class);
        Future<InetSocketAddress> atConnect = new GuardedAddressResolverGroup(policy)
                .getResolver(ImmediateEventExecutor.INSTANCE)
                .resolve(InetSocketAddress.createUnresolved("rebind.example.com", 443))
                .awaitUninterruptibly();

        assertThat(atConnect.cause()).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("cloud metadata address");
    }

    @Test
    void nettyConnectsOnlyWhereTheGuardAllows() throws IOException, InterruptedException {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ServerSocket receiver = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5_000);
            int port = receiver.getLocalPort();

            ChannelFuture refused = connect(loop, strictGroup(FixedHostResolver.internet()), port);
            assertThat(refused.isSuccess()).isFalse();
            assertThat(refused.cause()).isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("a loopback address");

            var localDevelopment = new GuardedAddressResolverGroup(new EndpointAddressPolicy(
                    FixedHostResolver.internet(), NotificationProperties.defaults().withAllowPrivateEndpoints(true)));
            ChannelFuture allowed = connect(loop, localDevelopment, port);
            assertThat(allowed.isSuccess()).isTrue();
            try (Socket accepted = receiver.accept()) {
                assertThat(accepted.getInetAddress().isLoopbackAddress()).isTrue();
            }
            allowed.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        } finally {
            loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private static ChannelFuture connect(EventLoopGroup loop, GuardedAddressResolverGroup group, int port) {
        ChannelFuture future = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .resolver(group)
                .handler(new ChannelInboundHandlerAdapter())
                .connect("receiver.test", port);
        assertThat(future.awaitUninterruptibly(5, TimeUnit.SECONDS)).as("connect finished").isTrue();
        return future;
    }

    private static GuardedAddressResolverGroup strictGroup(HostResolver dns) {
        return new GuardedAddressResolverGroup(new EndpointAddressPolicy(dns, NotificationProperties.defaults()));
    }
}
