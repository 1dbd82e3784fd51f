package io.veriflow.adapters.persona;

import io.veriflow.domain.model.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The adapter's configuration, read by {@link PersonaConfiguration} from {@code veriflow.persona.*}.
 *
 * @param apiKey {@code api-key}; absent means sandbox mode (see {@link PersonaSandbox})
 * @param baseUrl {@code base-url}, Persona's API root
 * @param version {@code version}, sent as {@code Persona-Version} so a dashboard change of the key's default version
 *     cannot change the payloads under us
 * @param connectTimeout {@code connect-timeout}
 * @param readTimeout {@code read-timeout}
 * @param webhookSecrets {@code webhook-secrets}: every secret a delivery may be signed with (two during a rotation)
 * @param webhookTolerance {@code webhook-tolerance}: how old a signature's {@code t} may be
 * @param webhookClockSkew {@code webhook-clock-skew}: how far in the future a signature's {@code t} may be
 */
record PersonaSettings(
        Optional<Secret> apiKey,
        URI baseUrl,
        String version,
        Duration connectTimeout,
        Duration readTimeout,
        List<Secret> webhookSecrets,
        Duration webhookTolerance,
        Duration webhookClockSkew) {

    static final String PREFIX = "veriflow.persona";
    static final String API_KEY = PREFIX + ".api-key";
    static final URI DEFAULT_BASE_URL = URI.create("https://api.withpersona.com/api/v1");
    static final String DEFAULT_VERSION = "2023-01-05";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Persona retries a failed delivery for about 51 hours (8 attempts) and it is UNCONFIRMED whether a retry is
     * re-signed with a fresh {@code t}. A window shorter than that could turn every late retry into a permanent 401
     * and lose the event; replays inside the window are harmless because deliveries are de-duplicated on the
     * {@code evt_} id and stale snapshots never override newer ones.
     */
    static final Duration DEFAULT_WEBHOOK_TOLERANCE = Duration.ofHours(72);
    static final Duration DEFAULT_WEBHOOK_CLOCK_SKEW = Duration.ofMinutes(5);

    PersonaSettings {
        Objects.requireNonNull(apiKey, "apiKey must not be null (use Optional.empty())");
        Objects.requireNonNull(baseUrl, "baseUrl must not be null");
        Objects.requireNonNull(version, "version must not be null");
        Objects.requireNonNull(connectTimeout, "connectTimeout must not be null");
        Objects.requireNonNull(readTimeout, "readTimeout must not be null");
        webhookSecrets = List.copyOf(webhookSecrets);
        Objects.requireNonNull(webhookTolerance, "webhookTolerance must not be null");
        Objects.requireNonNull(webhookClockSkew, "webhookClockSkew must not be null");
        if (version.isBlank()) {
            throw new IllegalArgumentException(PREFIX + ".version must not be blank");
        }
        if (webhookTolerance.isNegative() || webhookClockSkew.isNegative()) {
            throw new IllegalArgumentException("webhook tolerances must not be negative");
        }
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(PREFIX + ".base-url must be an absolute http(s) URL");
        }
    }

    boolean sandbox() {
        return apiKey.isEmpty();
    }
}
