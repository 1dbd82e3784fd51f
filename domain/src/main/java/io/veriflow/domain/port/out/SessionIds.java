package io.veriflow.domain.port.out;

import io.veriflow.domain.model.SessionId;

/** Hands out new session ids (UUIDv7). Injected so tests can fix them. */
public interface SessionIds {

    SessionId next();
}
