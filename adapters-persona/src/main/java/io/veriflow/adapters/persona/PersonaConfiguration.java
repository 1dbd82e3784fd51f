package io.veriflow.adapters.persona;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.json.JsonMapper;
import io.veriflow.domain.model.Secret;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code veriflow.persona.*} into {@link PersonaSettings}. Every key has a default except the API key, whose
 * absence switches the adapter to its built-in sandbox. A key that is present but blank is refused at startup rather
 * than silently meaning "sandbox".
 */
@Factory
final class PersonaConfiguration {

    @Singleton
    PersonaSettings personaSettings(PropertyResolver properties) {
        Optional<Secret> apiKey = properties.get(PersonaSettings.API_KEY, String.class).map(key -> {
            if (key.isBlank()) {
                throw new ConfigurationException(PersonaSettings.API_KEY
                        + " is blank: set it to a Persona API key, or remove it to run against the sandbox");
            }
            return new Secret(key.strip());
        });
        List<Secret> secrets = properties
                .get(PersonaSettings.PREFIX + ".webhook-secrets", Argument.listOf(String.class))
                .orElse(List.of()).stream()
                .filter(secret -> secret != null && !secret.isBlank())
                .map(secret -> new Secret(secret.strip()))
                .toList();
        try {
            return new PersonaSettings(
                    apiKey,
                    properties.get(PersonaSettings.PREFIX + ".base-url", URI.class)
                            .orElse(PersonaSettings.DEFAULT_BASE_URL),
                    properties.get(PersonaSettings.PREFIX + ".version", String.class)
                            .orElse(PersonaSettings.DEFAULT_VERSION),
                    duration(properties, "connect-timeout", PersonaSettings.DEFAULT_CONNECT_TIMEOUT),
                    duration(properties, "read-timeout", PersonaSettings.DEFAULT_READ_TIMEOUT),
                    secrets,
                    duration(properties, "webhook-tolerance", PersonaSettings.DEFAULT_WEBHOOK_TOLERANCE),
                    duration(properties, "webhook-clock-skew", PersonaSettings.DEFAULT_WEBHOOK_CLOCK_SKEW));
        } catch (IllegalArgumentException invalid) {
            throw new ConfigurationException(invalid.getMessage(), invalid);
        }
    }

    @Singleton
    PersonaJson personaJson(JsonMapper mapper) {
        return new PersonaJson(mapper);
    }

    private static Duration duration(PropertyResolver properties, String key, Duration fallback) {
        return properties.get(PersonaSettings.PREFIX + "." + key, Duration.class).orElse(fallback);
    }
}
