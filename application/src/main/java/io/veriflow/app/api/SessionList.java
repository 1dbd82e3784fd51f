package io.veriflow.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of sessions, newest first. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SessionList(
        List<SessionView> data,
        @JsonProperty("next_cursor") @Schema(description = "Pass as `after` for the next page; null on the last page.")
        @Nullable String nextCursor) {
}
