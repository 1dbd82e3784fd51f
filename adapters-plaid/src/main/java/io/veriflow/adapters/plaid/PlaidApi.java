package io.veriflow.adapters.plaid;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.veriflow.domain.port.out.ProviderUnavailable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POST to Plaid's API, with JSON in and out: authentication by the {@code PLAID-CLIENT-ID} and
 * {@code PLAID-SECRET} headers, {@code Plaid-Version: 2020-09-14}, failures mapped by {@link PlaidErrors}. One
 * attempt per call: retries belong to the application. The base URL is Plaid's in live mode; in sandbox mode it is
 * this service's own server (resolved at call time, since the port is only known once the server runs) plus
 * {@value PlaidSettings#SANDBOX_PATH}.
 *
 * <p>The HTTP client is Micronaut's, injected without a base URL (every request carries an absolute URI), so the
 * service's client configuration ({@code micronaut.http.client.read-timeout}...) and client filters (tracing) apply.
 */
@Singleton
final class PlaidApi {

    static final String API_VERSION = "2020-09-14";

    private static final Logger LOG = LoggerFactory.getLogger(PlaidApi.class);

    private final HttpClient http;
    private final PlaidSettings settings;
    private final BeanProvider<EmbeddedServer> server;
    private final JsonMapper json;
    private final Clock clock;

    PlaidApi(HttpClient http, PlaidSettings settings, BeanProvider<EmbeddedServer> server, JsonMapper json,
            Clock clock) {
        this.http = http;
        this.settings = settings;
        this.server = server;
        this.json = json;
        this.clock = clock;
    }

    /** Posts {@code body} and returns Plaid's JSON object, or throws a {@code ProviderFailure}. */
    JsonNode post(PlaidEndpoint endpoint, JsonNode body) {
        URI uri = URI.create(baseUrl() + endpoint.path());
        MutableHttpRequest<String> request = HttpRequest.POST(uri, JsonText.write(body))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .accept(MediaType.APPLICATION_JSON_TYPE)
                .header("Plaid-Version", API_VERSION);
        switch (settings.mode()) {
            case PlaidSettings.Live live -> request
                    .header("PLAID-CLIENT-ID", live.credentials().clientId())
                    .header("PLAID-SECRET", live.credentials().secret());
            case PlaidSettings.Sandbox sandbox -> {
                // the offline sandbox needs no credentials
            }
        }
        HttpResponse<String> response;
        try {
            response = http.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
        } catch (HttpClientResponseException e) {
            String errorBody = e.getResponse().getBody(String.class).orElse(null);
            var failure = PlaidErrors.fromResponse(endpoint, e.getStatus().getCode(), errorBody,
                    e.getResponse().getHeaders().get("Retry-After"), json, clock);
            LOG.debug("{}", failure.getMessage());
            throw failure;
        } catch (ReadTimeoutException e) {
            throw PlaidErrors.timedOut(endpoint, e);
        } catch (HttpClientException e) {
            throw PlaidErrors.unreachable(endpoint, e);
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            throw PlaidErrors.unreadable(endpoint, "HTTP " + response.code() + " with an empty body");
        }
        return JsonText.parse(json, text)
                .filter(JsonNode::isObject)
                .orElseThrow(() -> PlaidErrors.unreadable(endpoint, "HTTP " + response.code() + " with a body that is not a JSON object"));
    }

    private String baseUrl() {
        return switch (settings.mode()) {
            case PlaidSettings.Live live -> live.baseUrl().toString();
            case PlaidSettings.Sandbox sandbox -> sandboxUrl()
                    .orElseThrow(() -> new ProviderUnavailable(
                            "the offline Plaid sandbox needs the service's HTTP server, which is not running",
                            Optional.empty()));
        };
    }

    private Optional<String> sandboxUrl() {
        if (!server.isPresent()) {
            return Optional.empty();
        }
        EmbeddedServer running = server.get();
        if (!running.isRunning()) {
            return Optional.empty();
        }
        String url = running.getURL().toString();
        if (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return Optional.of(url + PlaidSettings.SANDBOX_PATH);
    }
}
