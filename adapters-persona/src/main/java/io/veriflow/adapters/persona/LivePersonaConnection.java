package io.veriflow.adapters.persona;

import io.micronaut.context.annotation.Requires;
import io.veriflow.domain.model.Secret;
import jakarta.inject.Singleton;
import java.net.URI;

/** Persona's real API, at {@code veriflow.persona.base-url} with {@code veriflow.persona.api-key}. */
@Singleton
@Requires(property = PersonaSettings.API_KEY)
final class LivePersonaConnection implements PersonaConnection {

    private final URI baseUrl;
    private final Secret apiKey;

    LivePersonaConnection(PersonaSettings settings) {
        this.baseUrl = withoutTrailingSlash(settings.baseUrl());
        this.apiKey = settings.apiKey().orElseThrow(
                () -> new IllegalStateException(PersonaSettings.API_KEY + " is required outside sandbox mode"));
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public Secret apiKey() {
        return apiKey;
    }

    static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }
}
