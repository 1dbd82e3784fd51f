package io.veriflow.app.http;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * Every problem type the HTTP API answers with: a stable slug (the last segment of {@link Problem#type()}), a title
 * and a status. Slugs are part of the API contract and never change once published.
 */
public enum ProblemType {
    /** The body is not a JSON document (or is empty where one is required). */
    MALFORMED_JSON("malformed-json", "Malformed JSON", 400),
    /** A path variable, query parameter, header or body value has the wrong type or shape. */
    INVALID_FIELD("invalid-field", "Invalid field", 400),
    /** A well-formed body whose values break the rules, or that has fields the endpoint does not know. */
    VALIDATION_FAILED("validation-failed", "Validation failed", 422),
    IDEMPOTENCY_KEY_REQUIRED("idempotency-key-required", "Idempotency-Key header required", 400),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused with a different request", 422),
    REQUEST_IN_PROGRESS("request-in-progress", "A request with this idempotency key is in progress", 409),
    UNKNOWN_PROVIDER("unknown-provider", "Unknown provider", 422),
    UNAUTHENTICATED("unauthenticated", "Authentication required", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    SESSION_NOT_RESUMABLE("session-not-resumable", "Session cannot be resumed", 409),
    SESSION_NOT_RETRYABLE("session-not-retryable", "Session cannot be retried", 409),
    CALLBACKS_NOT_SUPPORTED("callbacks-not-supported", "Client callbacks not supported for this provider", 422),
    CALLBACK_UNREADABLE("callback-unreadable", "Client callback not understood", 400),
    CONCURRENT_UPDATE("concurrent-update", "The session changed concurrently", 409),
    PROVIDER_UNAVAILABLE("provider-unavailable", "Provider unavailable", 503),
    PROVIDER_REJECTED("provider-rejected", "Provider rejected the request", 502),
    PROVIDER_CONTRACT_VIOLATION("provider-contract-violation", "Provider answered unexpectedly", 502),
    /** The service's database cannot be reached (down, restarting, or no connection free in time): try again. */
    DATABASE_UNAVAILABLE("database-unavailable", "Database unavailable", 503),
    /** Any other 4xx the framework produces. */
    BAD_REQUEST("bad-request", "Bad request", 400),
    /** A bug or an infrastructure failure; the body says nothing about it. */
    INTERNAL_ERROR("internal-error", "Internal error", 500);

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    public Problem problem(@Nullable String detail) {
        return Problem.of(slug, title, status, detail);
    }

    /** A problem with its status overridden (for framework 4xx statuses that have no type of their own). */
    public Problem problem(int overriddenStatus, @Nullable String detail) {
        return Problem.of(slug, title, overriddenStatus, detail);
    }

    /** A problem about one field: {@code detail} describes it, {@code pointer} names it. */
    public Problem problemAt(String pointer, String detail) {
        return Problem.ofField(slug, title, status, pointer, detail);
    }

    public Problem problemAt(List<Problem.FieldError> errors, String detail) {
        return problem(detail).withErrors(errors);
    }

    /** Throws this problem as the answer to the current request. */
    public ProblemException exception(@Nullable String detail) {
        return new ProblemException(problem(detail));
    }

    public ProblemException exceptionAt(String pointer, String detail) {
        return new ProblemException(problemAt(pointer, detail));
    }
}
