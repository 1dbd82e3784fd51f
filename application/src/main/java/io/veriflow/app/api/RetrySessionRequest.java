package io.veriflow.app.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * How to plan a retry's new attempt. Both fields are optional: without a mode the deployment's default for the
 * provider applies. Unknown fields are refused.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record RetrySessionRequest(
        @Schema(allowableValues = {"restart", "from_failed_step", "provider_chooses", "selected_steps"})
        @Pattern(regexp = "restart|from_failed_step|provider_chooses|selected_steps",
                message = "must be one of restart, from_failed_step, provider_chooses, selected_steps")
        @Nullable String mode,
        @Schema(description = "The steps to run; only with mode selected_steps.")
        @Size(max = 20) @Nullable List<@Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}",
                message = "must be a step code") String> steps) {
}
