package io.veriflow.domain.provider;

import io.veriflow.domain.model.ClientToken;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the front end needs to open (or reopen) the provider's flow.
 *
 * @param token the bearer credential for the provider SDK (a Plaid link token, a Persona session token), if any
 * @param parameters non-secret values for the SDK (a Persona inquiry id, an environment name)
 * @param expiresAt when the token stops working, when known
 */
public record ClientLaunch(Optional<ClientToken> token, Map<String, String> parameters, Optional<Instant> expiresAt) {

    public ClientLaunch {
        Objects.requireNonNull(token, "token must not be null (use Optional.empty())");
        Objects.requireNonNull(expiresAt, "expiresAt must not be null (use Optional.empty())");
        parameters = Map.copyOf(parameters);
    }
}
