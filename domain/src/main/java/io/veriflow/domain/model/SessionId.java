package io.veriflow.domain.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a {@code VerificationSession}. Always a UUID version 7 (time-ordered), so ids sort by creation time and
 * index well.
 */
public record SessionId(UUID value) {

    public SessionId {
        Objects.requireNonNull(value, "session id must not be null");
        if (value.version() != 7) {
            throw new IllegalArgumentException("session id must be a UUID version 7");
        }
    }

    /** Parses the canonical text form; rejects anything that is not a UUIDv7. */
    public static SessionId parse(String text) {
        Objects.requireNonNull(text, "session id must not be null");
        UUID uuid;
        try {
            uuid = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("session id must be a UUID", e);
        }
        if (!uuid.toString().equalsIgnoreCase(text)) {
            throw new IllegalArgumentException("session id must be a UUID in canonical form");
        }
        return new SessionId(uuid);
    }

    /**
     * Builds a UUIDv7 from a Unix timestamp in milliseconds and 74 random bits (RFC 9562 section 5.7).
     *
     * @param unixMillis milliseconds since the epoch, 48 bits
     * @param randA 12 random bits (lower bits used)
     * @param randB 62 random bits (lower bits used)
     */
    public static SessionId fromParts(long unixMillis, int randA, long randB) {
        if (unixMillis < 0 || unixMillis >= (1L << 48)) {
            throw new IllegalArgumentException("timestamp out of UUIDv7 range");
        }
        long msb = (unixMillis << 16) | (0x7L << 12) | (randA & 0x0FFFL);
        long lsb = (0x2L << 62) | (randB & 0x3FFF_FFFF_FFFF_FFFFL);
        return new SessionId(new UUID(msb, lsb));
    }

    /** Milliseconds since the epoch encoded in this id. */
    public long unixMillis() {
        return value.getMostSignificantBits() >>> 16;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
