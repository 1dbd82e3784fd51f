package io.veriflow.adapters.plaid;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code veriflow.plaid.*} into {@link PlaidSettings}. With both {@code client-id} and {@code secret} set the
 * adapter calls Plaid at {@code base-url}; with neither it calls the built-in offline sandbox; with only one of them
 * the service refuses to start (a half-configured deployment must not silently fall back to the sandbox). The
 * settings are read when the service starts ({@link Context}), so a bad configuration fails the start, not a call.
 */
@Factory
final class PlaidSettingsFactory {

    static final String PREFIX = "veriflow.plaid.";

    private static final Logger LOG = LoggerFactory.getLogger(PlaidSettingsFactory.class);

    @Context
    @Singleton
    PlaidSettings plaidSettings(
            @Property(name = PREFIX + "client-id") @Nullable String clientId,
            @Property(name = PREFIX + "secret") @Nullable String secret,
            @Property(name = PREFIX + "base-url", defaultValue = "https://sandbox.plaid.com") String baseUrl,
            @Property(name = PREFIX + "session-lifetime", defaultValue = "7d") Duration sessionLifetime,
            @Property(name = PREFIX + "webhook-url") @Nullable String webhookUrl,
            @Property(name = PREFIX + "precreate", defaultValue = "false") boolean precreate,
            @Property(name = PREFIX + "client-name", defaultValue = "Veriflow") String clientName,
            @Property(name = PREFIX + "language", defaultValue = "en") String language,
            @Property(name = PREFIX + "country-codes", defaultValue = "US") List<String> countryCodes,
            @Property(name = PREFIX + "redirect-uri") @Nullable String redirectUri,
            @Property(name = PREFIX + "environment") @Nullable String environment) {
        PlaidSettings settings = settings(clientId, secret, baseUrl, sessionLifetime, webhookUrl, precreate,
                clientName, language, countryCodes, redirectUri, environment);
        switch (settings.mode()) {
            case PlaidSettings.Live live -> LOG.info("Plaid adapter calls {} (environment {})", live.baseUrl(),
                    settings.environment());
            case PlaidSettings.Sandbox sandbox -> LOG.warn("Plaid adapter has no credentials ({}client-id, {}secret):"
                    + " it uses the built-in OFFLINE SANDBOX at {}, where anyone who reaches this service can "
                    + "simulate verification outcomes. Never run a production deployment like this.",
                    PREFIX, PREFIX, PlaidSettings.SANDBOX_PATH);
        }
        return settings;
    }

    static PlaidSettings settings(@Nullable String clientId, @Nullable String secret, String baseUrl,
            Duration sessionLifetime, @Nullable String webhookUrl, boolean precreate, String clientName,
            String language, List<String> countryCodes, @Nullable String redirectUri, @Nullable String environment) {
        boolean hasId = present(clientId);
        boolean hasSecret = present(secret);
        if (hasId != hasSecret) {
            throw new IllegalStateException("Plaid is half configured: set both " + PREFIX + "client-id and "
                    + PREFIX + "secret for Plaid, or neither for the offline sandbox (missing: "
                    + (hasId ? PREFIX + "secret" : PREFIX + "client-id") + ")");
        }
        PlaidSettings.Mode mode;
        String derivedEnvironment;
        if (hasId) {
            URI base = URI.create(stripTrailingSlash(baseUrl.strip()));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalStateException(PREFIX + "base-url must be an absolute URL");
            }
            mode = new PlaidSettings.Live(base, new PlaidSettings.Credentials(clientId.strip(), secret.strip()));
            derivedEnvironment = base.getHost().toLowerCase(Locale.ROOT).startsWith("production")
                    ? "production" : "sandbox";
        } else {
            mode = new PlaidSettings.Sandbox();
            derivedEnvironment = "sandbox";
        }
        return new PlaidSettings(mode, sessionLifetime,
                present(webhookUrl) ? Optional.of(URI.create(webhookUrl.strip())) : Optional.empty(),
                precreate, clientName, language,
                countryCodes.stream().map(String::strip).filter(code -> !code.isEmpty()).toList(),
                present(redirectUri) ? Optional.of(redirectUri.strip()) : Optional.empty(),
                present(environment) ? environment.strip() : derivedEnvironment);
    }

    private static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
