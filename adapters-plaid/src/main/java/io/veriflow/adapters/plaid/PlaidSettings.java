package io.veriflow.adapters.plaid;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The adapter's configuration ({@code veriflow.plaid.*}), read once by {@link PlaidSettingsFactory}.
 *
 * @param mode where the adapter's API calls go: Plaid itself, or the built-in offline sandbox
 * @param sessionLifetime how long an attempt may stay open before the platform expires it (Plaid does not)
 * @param webhookUrl sent as {@code webhook} on {@code /link/token/create} when set (IDV webhooks are configured in
 *     Plaid's Dashboard; the field is harmless and helps Link-level webhooks)
 * @param precreate create the attempt up front with {@code /identity_verification/create} ({@code is_idempotent})
 * @param clientName {@code client_name} shown by Link
 * @param language {@code language} for Link (ignored by IDV, but required by the API)
 * @param countryCodes {@code country_codes}: the company's country for IDV
 * @param redirectUri optional OAuth {@code redirect_uri}
 * @param environment the Plaid environment whose webhooks this deployment accepts ({@code sandbox}, {@code production})
 */
record PlaidSettings(
        Mode mode,
        Duration sessionLifetime,
        Optional<URI> webhookUrl,
        boolean precreate,
        String clientName,
        String language,
        List<String> countryCodes,
        Optional<String> redirectUri,
        String environment) {

    /** The path under the service's own server where the offline sandbox answers, when it is active. */
    static final String SANDBOX_PATH = "/sandbox/plaid";

    PlaidSettings {
        Objects.requireNonNull(mode, "mode must not be null");
        Objects.requireNonNull(sessionLifetime, "session lifetime must not be null");
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
            throw new IllegalArgumentException("veriflow.plaid.session-lifetime must be positive");
        }
        Objects.requireNonNull(webhookUrl, "webhookUrl must not be null");
        Objects.requireNonNull(clientName, "clientName must not be null");
        if (clientName.isBlank()) {
            throw new IllegalArgumentException("veriflow.plaid.client-name must not be blank");
        }
        Objects.requireNonNull(language, "language must not be null");
        countryCodes = List.copyOf(countryCodes);
        if (countryCodes.isEmpty()) {
            throw new IllegalArgumentException("veriflow.plaid.country-codes must name at least one country");
        }
        Objects.requireNonNull(redirectUri, "redirectUri must not be null");
        Objects.requireNonNull(environment, "environment must not be null");
        environment = environment.toLowerCase(Locale.ROOT);
    }

    /** Where API calls go. */
    sealed interface Mode {
    }

    /** Plaid's API at {@code baseUrl}, authenticated with the configured credentials. */
    record Live(URI baseUrl, Credentials credentials) implements Mode {
        Live {
            Objects.requireNonNull(baseUrl, "baseUrl must not be null");
            Objects.requireNonNull(credentials, "credentials must not be null");
        }
    }

    /** No credentials configured: the offline sandbox under {@link #SANDBOX_PATH} of this very service. */
    record Sandbox() implements Mode {
    }

    /** {@code client_id} and {@code secret}. Never logged: {@link #toString()} is redacted. */
    record Credentials(String clientId, String secret) {
        Credentials {
            Objects.requireNonNull(clientId, "client id must not be null");
            Objects.requireNonNull(secret, "secret must not be null");
        }

        @Override
        public String toString() {
            return "Credentials[redacted]";
        }
    }

    boolean sandbox() {
        return mode instanceof Sandbox;
    }
}
