package io.veriflow.app.notify.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** How many notifications a replay queued for the endpoint. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReplayQueued(
        @Schema(description = "Notifications queued again (or for the first time); ones still pending are not "
                + "counted.") int queued) {
}
