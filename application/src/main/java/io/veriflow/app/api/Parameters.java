package io.veriflow.app.api;

import io.veriflow.app.http.WireNames;
import io.micronaut.core.annotation.Nullable;
import io.veriflow.app.http.ProblemType;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.session.SessionQuery;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads path variables and query parameters into domain values. A value that does not parse is
 * {@code 400 invalid-field} naming the parameter; the value itself is never echoed.
 */
final class Parameters {

    static final int DEFAULT_LIMIT = 20;

    private Parameters() {
    }

    static SessionId sessionId(String name, String value) {
        try {
            return SessionId.parse(value);
        } catch (IllegalArgumentException e) {
            throw ProblemType.INVALID_FIELD.exceptionAt(name, "'" + name + "' must be a session id (a UUIDv7).");
        }
    }

    static Optional<SessionId> cursor(String name, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SessionId.parse(value));
        } catch (IllegalArgumentException e) {
            throw ProblemType.INVALID_FIELD.exceptionAt(name,
                    "'" + name + "' must be a next_cursor value from a previous page.");
        }
    }

    static Optional<ProcessState> state(String name, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(WireNames.state(value).orElseThrow(() -> ProblemType.INVALID_FIELD.exceptionAt(name,
                "'" + name + "' must be one of created, in_progress, abandoned, submitted, decided, expired, "
                        + "canceled.")));
    }

    static int limit(String name, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > SessionQuery.MAX_LIMIT) {
            throw ProblemType.INVALID_FIELD.exceptionAt(name,
                    "'" + name + "' must be a whole number from 1 to " + SessionQuery.MAX_LIMIT + ".");
        }
        return limit;
    }

    static Optional<SubjectRef> subject(String name, @Nullable String value) {
        return optional(name, value, SubjectRef::new, "a subject reference (no whitespace, at most 255 characters)");
    }

    static Optional<ProviderId> provider(String name, @Nullable String value) {
        return optional(name, value, ProviderId::new, "a provider id (a-z, 0-9, '-')");
    }

    private static <T> Optional<T> optional(
            String name, @Nullable String value, Function<String, T> parse, String expected) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(value));
        } catch (IllegalArgumentException e) {
            throw ProblemType.INVALID_FIELD.exceptionAt(name, "'" + name + "' must be " + expected + ".");
        }
    }

    /** A body field read into a domain value; a value the domain refuses is {@code 422} at the field's pointer. */
    static <T> T bodyField(String pointer, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            // The domain's messages describe the rule, never the value.
            throw ProblemType.VALIDATION_FAILED.exceptionAt(pointer, e.getMessage());
        }
    }
}
