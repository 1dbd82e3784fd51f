package io.veriflow.app.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Starts verifying a subject. Unknown fields are refused ({@code 422 validation-failed}): a misspelt field must not
 * start a session with defaults.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record StartSessionRequest(
        @Schema(description = "The provider id, e.g. plaid or persona.", example = "persona")
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{1,31}", message = "must be a provider id (a-z, 0-9, '-')")
        @Nullable String provider,
        @Schema(description = "The provider's flow template.", example = "itmpl_123")
        @NotBlank @Size(max = 255) @Nullable String template,
        @Schema(description = "Your own id of the person (never an e-mail or phone number).", example = "user-42")
        @NotBlank @Size(max = 255) @Nullable String subject) {
}
