package io.veriflow.app.wiring;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.port.out.SessionIds;
import java.security.SecureRandom;
import java.time.Clock;

/** UUIDv7 session ids from the injected clock and a cryptographically strong random source. */
final class TimeOrderedSessionIds implements SessionIds {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TimeOrderedSessionIds(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SessionId next() {
        return SessionId.fromParts(clock.millis(), random.nextInt(), random.nextLong());
    }
}
