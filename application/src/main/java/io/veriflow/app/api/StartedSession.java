package io.veriflow.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to starting a session.
 *
 * @param clientSecret the session's client secret ({@code vfcs_...}): safe to hand to the browser or app, good only
 *     for posting this session's client callbacks
 * @param replayed true when this is the stored answer to an earlier request with the same idempotency key
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartedSession(
        SessionView session,
        @JsonProperty("client_secret") @Schema(description = "Scoped to this session's client callbacks; re-issued "
                + "(replacing the previous one) on a replay.") @Nullable String clientSecret,
        LaunchView launch,
        @Schema(description = "True when answered from the idempotency record of an earlier request.")
        boolean replayed) {

    /** What the idempotency record keeps: no client secret, no launch token. */
    StartedSession withoutSecrets() {
        return new StartedSession(session, null, launch.withoutToken(), false);
    }

    /** The stored answer, replayed with a freshly issued client secret. */
    StartedSession replayedWith(String freshClientSecret) {
        return new StartedSession(session, freshClientSecret, launch.withoutToken(), true);
    }

    @Override
    public String toString() {
        return "StartedSession[session=" + session.id() + ", clientSecret=redacted, launch=" + launch + ", replayed="
                + replayed + "]";
    }
}
