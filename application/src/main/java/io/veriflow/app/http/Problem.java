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
 * @param errors the fields at fault, as JSON pointers into the request (or header/query names)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        URI type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://veriflow.io/problems/";

    /** One field at fault. */
    @Serdeable
    public record FieldError(String pointer, String detail) {
    }

    public static Problem of(String typeSlug, String title, int status, @Nullable String detail) {
        return new Problem(URI.create(TYPE_BASE + typeSlug), title, status, detail, null, null);
    }

    public static Problem ofField(String typeSlug, String title, int status, String pointer, String detail) {
        return new Problem(URI.create(TYPE_BASE + typeSlug), title, status, detail, null,
                List.of(new FieldError(pointer, detail)));
    }

    public Problem at(String requestPath) {
        return new Problem(type, title, status, detail, requestPath, errors);
    }
}
