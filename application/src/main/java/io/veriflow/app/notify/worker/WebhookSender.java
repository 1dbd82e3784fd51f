package io.veriflow.app.notify.worker;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.ContentLengthExceededException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.veriflow.app.notify.endpoint.GuardedAddressResolverGroup;
import io.veriflow.app.notify.signing.WebhookHeaders;
import jakarta.inject.Singleton;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one signed webhook request through the dedicated client {@code veriflow-webhooks}: its resolver is the
 * {@link GuardedAddressResolverGroup} (so every connection goes to an address checked in the same resolution), it
 * follows no redirect, and it times out (see the {@code micronaut.http.services.veriflow-webhooks} block of
 * {@code application.yml}). Never throws for what the receiver or the network did: that is a {@link SendOutcome}.
 */
@Singleton
final class WebhookSender {

    static final String USER_AGENT = "Veriflow-Webhooks/1";
    private static final Pattern GUARD_REFUSAL = Pattern.compile("webhook endpoint refused \\(([A-Z_]+)\\)");

    private final HttpClient client;

    WebhookSender(@Client(id = GuardedAddressResolverGroup.NAME) HttpClient client) {
        this.client = Objects.requireNonNull(client, "client must not be null");
    }

    SendOutcome send(String url, WebhookHeaders headers, byte[] body) {
        MutableHttpRequest<byte[]> request = HttpRequest.POST(url, body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("User-Agent", USER_AGENT);
        headers.asMap().forEach(request::header);
        try {
            HttpResponse<?> response = client.toBlocking().exchange(request);
            return new SendOutcome.Answered(response.code());
        } catch (HttpClientResponseException answered) {
            return new SendOutcome.Answered(answered.getResponse().code());
        } catch (ReadTimeoutException timeout) {
            return new SendOutcome.NoAnswer("timeout");
        } catch (ContentLengthExceededException tooLarge) {
            return new SendOutcome.NoAnswer("answer too large");
        } catch (RuntimeException failure) {
            return new SendOutcome.NoAnswer(describe(failure));
        }
    }

    /** A failure's kind, never its message (it may name the host or the URL), except the guard's own reason. */
    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException && cause.getMessage() != null) {
                Matcher refusal = GUARD_REFUSAL.matcher(cause.getMessage());
                if (refusal.find()) {
                    return "refused: " + refusal.group(1);
                }
            }
            if (cause instanceof java.net.ConnectException) {
                return "connection failed";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "TLS failed";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "request failed (" + root.getClass().getSimpleName() + ")";
    }
}
