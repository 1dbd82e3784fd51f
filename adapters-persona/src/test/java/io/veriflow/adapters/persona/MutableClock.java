package io.veriflow.adapters.persona;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The test contexts' {@link Clock} (the application provides the real one): fixed, set by each test. */
@Singleton
final class MutableClock extends Clock {

    static final Instant START = Instant.parse("2026-03-10T14:00:00Z");

    private volatile Instant now = START;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    void set(Instant instant) {
        now = instant;
    }

    void setEpochSecond(long seconds) {
        now = Instant.ofEpochSecond(seconds);
    }

    void advance(Duration by) {
        now = now.plus(by);
    }
}
