package io.veriflow.adapters.persona;

import io.micronaut.context.annotation.Bean;
import io.micronaut.http.client.HttpClientConfiguration;
import jakarta.inject.Singleton;

/**
 * The HTTP client settings of the Persona API client: {@code veriflow.persona.connect-timeout} and
 * {@code veriflow.persona.read-timeout}; error statuses are answers to map, not exceptions; redirects are not
 * followed (Persona's API does not redirect, and the bearer key must not follow a redirect elsewhere). Exposed only
 * under its own type, so it never competes with Micronaut's default client configuration.
 */
@Singleton
@Bean(typed = PersonaHttpClientConfiguration.class)
final class PersonaHttpClientConfiguration extends HttpClientConfiguration {

    private final ConnectionPoolConfiguration pool = new ConnectionPoolConfiguration();

    PersonaHttpClientConfiguration(PersonaSettings settings) {
        setConnectTimeout(settings.connectTimeout());
        setReadTimeout(settings.readTimeout());
        setExceptionOnErrorStatus(false);
        setFollowRedirects(false);
    }

    @Override
    public ConnectionPoolConfiguration getConnectionPoolConfiguration() {
        return pool;
    }
}
