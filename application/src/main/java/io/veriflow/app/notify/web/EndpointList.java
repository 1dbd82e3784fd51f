package io.veriflow.app.notify.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The tenant's webhook endpoints, oldest first. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EndpointList(List<EndpointView> data) {
}
