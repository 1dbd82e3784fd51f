package io.veriflow.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem details body, served as {@code application/problem+json}. {@code type} is stable and
 * documented; {@code detail} never echoes secrets, tokens or personal data; no stack trace ever.
 *
 * @param type a stable URI naming the kind of problem, e.g. {@code https://veriflow.io/problems/invalid-field}
 * @param errors the fields at fault: JSON pointers into the request body ({@code /subject}), or the names of the
 *     path variable, query parameter or header at fault ({@code id}, {@code state}, {@code Idempotency-Key})
 * @param reason an extension member: the machine-readable reason behind a refusal (e.g. {@code already_passed} for
 *     {@code session-not-retryable})
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        URI type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable List<FieldError> errors,
        @Nullable String reason) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://veriflow.io/problems/";

    /** The original six components, without a reason: kept so that existing callers compile unchanged. */
    public Problem(URI type, String title, int status, @Nullable String detail, @Nullable String instance,
            @Nullable List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, null);
    }

    /** One field at fault. */
    @Serdeable
    public record FieldError(String pointer, String detail) {
    }

    public static Problem of(String typeSlug, String title, int status, @Nullable String detail) {
        return new Problem(URI.create(TYPE_BASE + typeSlug), title, status, detail, null, null, null);
    }

    public static Problem ofField(String typeSlug, String title, int status, String pointer, String detail) {
        return new Problem(URI.create(TYPE_BASE + typeSlug), title, status, detail, null,
                List.of(new FieldError(pointer, detail)), null);
    }

    public Problem at(String requestPath) {
        return new Problem(type, title, status, detail, requestPath, errors, reason);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, List.copyOf(fieldErrors), reason);
    }

    public Problem withReason(String refusal) {
        return new Problem(type, title, status, detail, instance, errors, refusal);
    }
}
