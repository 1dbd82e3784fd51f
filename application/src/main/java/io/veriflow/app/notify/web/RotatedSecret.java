package io.veriflow.app.notify.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The endpoint's new signing secret, shown this once; the replaced one keeps signing until the given time. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RotatedSecret(
        String id,
        @Schema(description = "The new signing secret (whsec_...). Store it now: it is not shown again.")
        String secret,
        @JsonProperty("previous_secret_valid_until") Instant previousSecretValidUntil) {

    @Override
    public String toString() {
        return "RotatedSecret[id=" + id + ", secret=redacted]";
    }
}
