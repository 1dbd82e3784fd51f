package io.veriflow.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.provider.ClientLaunch;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the front end needs to open the provider's flow: the provider SDK's token (a Plaid link token, a Persona
 * session token) and non-secret parameters. The token is a bearer credential: hand it to the front end, never log
 * it. It is never stored by this service, so a replayed start answers without it.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LaunchView(
        @Schema(description = "The provider SDK's token; absent when the provider needs none, and on a replayed "
                + "start (ask POST /v1/sessions/{id}/resume for a fresh one).") @Nullable String token,
        @Schema(description = "Non-secret values for the provider SDK, e.g. an inquiry id or environment.")
        Map<String, String> parameters,
        @JsonProperty("expires_at") @Nullable Instant expiresAt) {

    static LaunchView of(ClientLaunch launch) {
        return new LaunchView(launch.token().map(ClientToken::reveal).orElse(null), new TreeMap<>(launch.parameters()),
                launch.expiresAt().orElse(null));
    }

    /** The same launch without its token: what may be stored. */
    LaunchView withoutToken() {
        return new LaunchView(null, parameters, expiresAt);
    }

    @Override
    public String toString() {
        return "LaunchView[token=" + (token == null ? "absent" : "redacted") + ", parameters=" + parameters
                + ", expiresAt=" + expiresAt + "]";
    }
}
