package io.veriflow.adapters.persona;

import io.veriflow.domain.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Persona's webhook signature: {@code Persona-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." +
 * raw body)>}; during a secret rotation the header carries two such groups separated by a space. A delivery is
 * authentic when any {@code v1} of any group matches any secret we hold (compared in constant time) and that group's
 * {@code t} is within the tolerance window: at most {@code tolerance} old and at most {@code clockSkew} ahead of our
 * clock. Verified over the raw bytes, before anything parses them.
 */
final class PersonaSignature {

    static final String HEADER = "Persona-Signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_HEADER = 1024;

    /** Why a delivery was refused. */
    enum Failure {
        /** No header. */
        MISSING,
        /** A header without a {@code t} and a well-formed {@code v1}. */
        MALFORMED,
        /** No {@code v1} matches any secret we hold (wrong secret, tampered body, altered {@code t}). */
        MISMATCH,
        /** Authentic, but signed longer ago than the tolerance. */
        TOO_OLD,
        /** Authentic, but signed further in the future than the clock skew allows. */
        TOO_NEW
    }

    sealed interface Check {
    }

    record Valid(Instant signedAt) implements Check {
    }

    record Invalid(Failure failure) implements Check {
        Invalid {
            Objects.requireNonNull(failure, "failure must not be null");
        }
    }

    private record Group(long t, List<byte[]> signatures) {
    }

    private final Supplier<List<Secret>> secrets;
    private final Duration tolerance;
    private final Duration clockSkew;

    /** @param secrets asked on every check, so a secret added at runtime (the sandbox's) counts at once */
    PersonaSignature(Supplier<List<Secret>> secrets, Duration tolerance, Duration clockSkew) {
        this.secrets = Objects.requireNonNull(secrets, "secrets must not be null");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance must not be null");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew must not be null");
    }

    Check verify(String header, byte[] rawBody, Instant now) {
        if (header == null || header.isBlank()) {
            return new Invalid(Failure.MISSING);
        }
        List<Group> groups = parse(header);
        if (groups.isEmpty()) {
            return new Invalid(Failure.MALFORMED);
        }
        Optional<Failure> outsideWindow = Optional.empty();
        for (Group group : groups) {
            if (!matches(group, rawBody)) {
                continue;
            }
            Instant signedAt = Instant.ofEpochSecond(group.t());
            if (signedAt.isBefore(now.minus(tolerance))) {
                outsideWindow = Optional.of(Failure.TOO_OLD);
            } else if (signedAt.isAfter(now.plus(clockSkew))) {
                outsideWindow = Optional.of(Failure.TOO_NEW);
            } else {
                return new Valid(signedAt);
            }
        }
        return new Invalid(outsideWindow.orElse(Failure.MISMATCH));
    }

    private boolean matches(Group group, byte[] rawBody) {
        for (Secret secret : secrets.get()) {
            byte[] expected = hmac(secret, group.t(), rawBody);
            for (byte[] candidate : group.signatures()) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The groups of a header: each {@code t=} starts a group, the {@code v1=} values after it belong to it. Groups are
     * separated by whitespace, pairs by commas; unknown keys (a future {@code v2}) are ignored, malformed values
     * skipped.
     */
    private static List<Group> parse(String header) {
        if (header.length() > MAX_HEADER) {
            return List.of();
        }
        List<Group> groups = new ArrayList<>();
        Long t = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String pair : header.strip().split("[\\s,]+")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = pair.substring(0, equals);
            String value = pair.substring(equals + 1);
            if (key.equals("t")) {
                if (t != null && !signatures.isEmpty()) {
                    groups.add(new Group(t, List.copyOf(signatures)));
                }
                t = seconds(value);
                signatures = new ArrayList<>();
            } else if (key.equals("v1") && t != null) {
                hex(value).ifPresent(signatures::add);
            }
        }
        if (t != null && !signatures.isEmpty()) {
            groups.add(new Group(t, List.copyOf(signatures)));
        }
        return groups;
    }

    private static Long seconds(String value) {
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(value);
    }

    private static Optional<byte[]> hex(String value) {
        if (value.length() != 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
    }

    // ---- signing (the sandbox, and tests) ------------------------------------------------------------------------

    /** The header value Persona would send for this body, signed at {@code t}. */
    static String header(Secret secret, long t, byte[] rawBody) {
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, rawBody));
    }

    static byte[] hmac(Secret secret, long t, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(rawBody);
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", impossible);
        }
    }
}
