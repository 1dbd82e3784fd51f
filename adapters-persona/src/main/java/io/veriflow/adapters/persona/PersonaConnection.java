package io.veriflow.adapters.persona;

import io.veriflow.domain.model.Secret;
import java.net.URI;

/**
 * Where the adapter's API calls go and with which key: Persona itself ({@link LivePersonaConnection}, when
 * {@code veriflow.persona.api-key} is set) or the built-in sandbox ({@link PersonaSandbox}, when it is not). Exactly
 * one of the two beans exists. Both are asked at call time, so the sandbox can name the server's port once it runs.
 */
sealed interface PersonaConnection permits LivePersonaConnection, PersonaSandbox {

    /** Persona's API root, such as {@code https://api.withpersona.com/api/v1}, without a trailing slash. */
    URI baseUrl();

    Secret apiKey();
}
