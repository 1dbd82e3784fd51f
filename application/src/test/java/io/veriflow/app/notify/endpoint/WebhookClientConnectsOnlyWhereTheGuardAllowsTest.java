package io.veriflow.app.notify.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.HttpVersion;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.HttpClientRegistry;
import io.micronaut.http.client.HttpVersionSelection;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.veriflow.app.notify.NotifyOnlyContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client configuration documented on {@link GuardedAddressResolverGroup}, in a real Micronaut HTTP client: a
 * receiver on loopback is unreachable under the production rules and reachable with the development setting.
 */
class WebhookClientConnectsOnlyWhereTheGuardAllowsTest {

    private static final String CLIENT = "micronaut.http.services.veriflow-webhooks.";

    private HttpServer receiver;
    private final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void underTheProductionRulesNothingIsSentToLoopback() {
        try (ApplicationContext context = webhookClientContext(false)) {
            HttpClient client = webhookClient(context);

            assertThatThrownBy(() -> client.toBlocking().exchange(HttpRequest.POST(receiverUrl(), "{}")))
                    .isInstanceOf(HttpClientException.class)
                    .hasMessageContaining("FORBIDDEN_ADDRESS");
            assertThat(received).hasValue(0);
        }
    }

    @Test
    void withTheDevelopmentSettingALocalReceiverGetsTheWebhook() {
        try (ApplicationContext context = webhookClientContext(true)) {
            HttpClient client = webhookClient(context);

            assertThat(client.toBlocking().exchange(HttpRequest.POST(receiverUrl(), "{}")).code())
                    .isEqualTo(HttpStatus.NO_CONTENT.getCode());
            assertThat(received).hasValue(1);
        }
    }

    private String receiverUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    }

    private static HttpClient webhookClient(ApplicationContext context) {
        HttpClientRegistry<?> clients = context.getBean(HttpClientRegistry.class);
        return clients.getClient(
                HttpVersionSelection.forLegacyVersion(HttpVersion.HTTP_1_1), GuardedAddressResolverGroup.NAME, null);
    }

    private static ApplicationContext webhookClientContext(boolean allowPrivateEndpoints) {
        return NotifyOnlyContext.start(Map.of(
                CLIENT + "address-resolver-group-name", GuardedAddressResolverGroup.NAME,
                CLIENT + "follow-redirects", false,
                "veriflow.notifications.allow-http-endpoints", true,
                "veriflow.notifications.allow-private-endpoints", allowPrivateEndpoints));
    }
}
