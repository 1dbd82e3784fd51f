package io.veriflow.app.notify.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.client.exceptions.HttpClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** What an attempt that got no answer records: the kind of failure, never a message that could name the URL. */
class WebhookSenderTest {

    @Test
    void aRefusalOfTheAddressGuardKeepsOnlyItsRule() {
        var refused = new HttpClientException("Connect Error: webhook endpoint refused (FORBIDDEN_ADDRESS): "
                + "the endpoint's host is or resolves to a private address",
                new UnknownHostException("webhook endpoint refused (FORBIDDEN_ADDRESS): the endpoint's host is or "
                        + "resolves to a private address"));

        assertThat(WebhookSender.describe(refused)).isEqualTo("refused: FORBIDDEN_ADDRESS");
    }

    @Test
    void aConnectionFailureDoesNotRepeatItsMessage() {
        var failed = new HttpClientException("Connect Error: Connection refused: internal.example.com/10.0.0.7:443",
                new ConnectException("Connection refused: internal.example.com/10.0.0.7:443"));

        assertThat(WebhookSender.describe(failed)).isEqualTo("connection failed");
    }

    @Test
    void anythingElseIsNamedByItsTypeOnly() {
        var odd = new HttpClientException("https://hooks.example.com/x?token=secret broke",
                new IllegalStateException("https://hooks.example.com/x?token=secret"));

        assertThat(WebhookSender.describe(odd)).isEqualTo("request failed (IllegalStateException)")
                .doesNotContain("token");
    }
}
