package io.veriflow.app.api;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to a resume or a retry: the session as it is now, and how the front end reopens the flow. */
@Serdeable
public record LaunchedSession(SessionView session, LaunchView launch) {

    @Override
    public String toString() {
        return "LaunchedSession[session=" + session.id() + ", launch=" + launch + "]";
    }
}
