package io.veriflow.app.usecase;

import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.provider.ClientLaunch;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the vault keeps under a session's resume-token ref: the token, where it came from and, for a token issued by a
 * resume, what is needed to hand the same launch out again (when it was issued, when it expires, the attempt it opens,
 * the launch parameters). Sealed into one {@link Secret} as {@value #PREFIX} followed by URL-encoded
 * {@code key=value} pairs joined by {@code &}; a value without the prefix is a bare token stored before this format
 * existed and counts as handed over by a client.
 *
 * @param token the bearer token for the provider's SDK
 * @param origin who produced it
 * @param issuedAt when a resume obtained it (only for {@link Origin#RESUME})
 * @param expiresAt when it stops working, when known
 * @param attempt the provider attempt it reopens, when known
 * @param parameters the non-secret launch parameters that came with it
 */
record KeptResumeToken(
        ClientToken token,
        Origin origin,
        Optional<Instant> issuedAt,
        Optional<Instant> expiresAt,
        Optional<ProviderRef> attempt,
        Map<String, String> parameters) {

    static final String PREFIX = "veriflow-resume-token/1?";
    private static final String PARAMETER = "param.";

    /** Who produced the token. */
    enum Origin {
        /** Handed over by a client callback ({@code onCancel}): unverified, issue time unknown. */
        CLIENT,
        /** Returned by the provider's resume call. */
        RESUME
    }

    KeptResumeToken {
        Objects.requireNonNull(token, "token must not be null");
        Objects.requireNonNull(origin, "origin must not be null");
        Objects.requireNonNull(issuedAt, "issuedAt must not be null (use Optional.empty())");
        Objects.requireNonNull(expiresAt, "expiresAt must not be null (use Optional.empty())");
        Objects.requireNonNull(attempt, "attempt must not be null (use Optional.empty())");
        parameters = Map.copyOf(parameters);
        if (origin == Origin.RESUME && issuedAt.isEmpty()) {
            throw new IllegalArgumentException("a token issued by a resume has an issue time");
        }
    }

    /** A token a client handed over (never reused by a resume: its age and validity are unknown). */
    static KeptResumeToken fromClient(ClientToken token) {
        return new KeptResumeToken(token, Origin.CLIENT, Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of());
    }

    /** The launch a resume obtained at {@code issuedAt} for {@code attempt}. */
    static KeptResumeToken issued(ClientToken token, ClientLaunch launch, Optional<ProviderRef> attempt,
            Instant issuedAt) {
        return new KeptResumeToken(token, Origin.RESUME, Optional.of(issuedAt), launch.expiresAt(), attempt,
                launch.parameters());
    }

    /**
     * The same launch again, when this token was issued by a resume of {@code currentAttempt} less than
     * {@code reuse} before {@code now} and stays valid for at least {@code minimumValidity}.
     */
    Optional<ClientLaunch> reusableLaunch(Optional<ProviderRef> currentAttempt, Instant now, Duration reuse,
            Duration minimumValidity) {
        if (origin != Origin.RESUME || attempt.isEmpty() || !attempt.equals(currentAttempt)) {
            return Optional.empty();
        }
        Instant issued = issuedAt.orElseThrow();
        boolean recent = !now.isBefore(issued) && now.isBefore(issued.plus(reuse));
        boolean valid = expiresAt.map(expiry -> now.plus(minimumValidity).isBefore(expiry)).orElse(true);
        return recent && valid ? Optional.of(new ClientLaunch(Optional.of(token), parameters, expiresAt))
                : Optional.empty();
    }

    Secret seal() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("origin", origin.name());
        issuedAt.ifPresent(at -> fields.put("issued-at", at.toString()));
        expiresAt.ifPresent(at -> fields.put("expires-at", at.toString()));
        attempt.ifPresent(ref -> fields.put("attempt", ref.value()));
        new TreeMap<>(parameters).forEach((name, value) -> fields.put(PARAMETER + name, value));
        fields.put("token", token.reveal());
        StringBuilder text = new StringBuilder(PREFIX);
        fields.forEach((name, value) -> {
            if (text.length() > PREFIX.length()) {
                text.append('&');
            }
            text.append(encode(name)).append('=').append(encode(value));
        });
        return new Secret(text.toString());
    }

    /** Reads what {@link #seal()} wrote; a value in no known format is a bare client token. */
    static KeptResumeToken unseal(Secret secret) {
        String text = secret.reveal();
        if (!text.startsWith(PREFIX)) {
            return fromClient(secret.asClientToken());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        try {
            for (String pair : text.substring(PREFIX.length()).split("&")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    return fromClient(secret.asClientToken());
                }
                String name = decode(pair.substring(0, equals));
                String value = decode(pair.substring(equals + 1));
                if (name.startsWith(PARAMETER)) {
                    parameters.put(name.substring(PARAMETER.length()), value);
                } else {
                    fields.put(name, value);
                }
            }
            String token = fields.get("token");
            if (token == null || token.isBlank()) {
                return fromClient(secret.asClientToken());
            }
            return new KeptResumeToken(new ClientToken(token), Origin.valueOf(fields.getOrDefault("origin", "CLIENT")),
                    Optional.ofNullable(fields.get("issued-at")).map(Instant::parse),
                    Optional.ofNullable(fields.get("expires-at")).map(Instant::parse),
                    Optional.ofNullable(fields.get("attempt")).map(ProviderRef::new),
                    parameters);
        } catch (IllegalArgumentException | DateTimeParseException unreadable) {
            return fromClient(secret.asClientToken());
        }
    }

    @Override
    public String toString() {
        return "KeptResumeToken[token=redacted, origin=" + origin + ", issuedAt=" + issuedAt + ", expiresAt="
                + expiresAt + ", attempt=" + attempt + "]";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
