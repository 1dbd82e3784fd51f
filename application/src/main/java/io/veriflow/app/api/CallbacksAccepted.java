package io.veriflow.app.api;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What became of a forwarded client callback.
 *
 * @param accepted signals recorded now
 * @param duplicates signals recorded before (a repeated callback), acknowledged without effect
 */
@Serdeable
public record CallbacksAccepted(int accepted, int duplicates) {
}
