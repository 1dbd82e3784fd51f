package io.veriflow.app.http;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.PropertyReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error the framework answers by itself (no route: 404, wrong method: 405, wrong content type: 415,
 * not acceptable: 406, body too large: 413, unreadable JSON, unconvertible parameters, and any exception nobody
 * handled: 500) as a {@link Problem}. Replacing Micronaut's {@code ErrorResponseProcessor} bean (its default is
 * {@code @Requires(missingBeans = ErrorResponseProcessor.class)}) covers every framework exception handler that
 * delegates to it, so no error leaves the service in another shape.
 *
 * <p>The framework's own messages are never copied into the body: they can echo the request's values or name
 * internal classes. The detail is written here instead, from the error's type and the name of the field at fault.
 *
 * <p>An exception nobody handled (a bug, or an infrastructure failure such as a commit that failed) is logged here,
 * once, with its classes and stack frames but none of its messages ({@link WithheldMessages}): a message carries
 * whatever the failing code put in it, a password in a connection string, a provider's answer, personal data.
 * Micronaut's own log line of it ({@code io.micronaut.http.server.RouteExecutor}, which prints the message) is off in
 * {@code logback.xml}.
 *
 * <p>A failure because the database cannot be reached ({@link DatabaseUnavailable}) is no bug: it is answered
 * {@code 503 database-unavailable} with {@code Retry-After}, so a provider redelivers and an API client repeats, and
 * logged as one warning line per request.
 */
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

    /** Micronaut Serde's message for a property a strict type does not declare: only the property name is kept. */
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("Unknown property \\[([^\\]]{1,128})\\]");

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        Optional<Throwable> unreachable = context.getRootCause().filter(DatabaseUnavailable::explains);
        if (response.code() >= 500 && unreachable.isPresent()) {
            return databaseUnavailable(context, (MutableHttpResponse<Problem>) response, unreachable.get());
        }
        if (response.code() >= 500) {
            context.getRootCause().ifPresent(cause -> LOG.error("Unexpected error on {} {}",
                    context.getRequest().getMethodName(), context.getRequest().getPath(), WithheldMessages.of(cause)));
        }
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return (MutableHttpResponse<Problem>) response;
        }
        int status = response.code();
        Problem problem = problemFor(status, context.getRootCause());
        if (problem.status() != status) {
            response.status(problem.status());
        }
        return ((MutableHttpResponse<Problem>) response)
                .contentType(Problem.MEDIA_TYPE)
                .body(problem.at(context.getRequest().getPath()));
    }

    /**
     * Not a bug: the database is down or out of connections. Whether anything was stored is unknown, so the caller
     * sends the request again (a provider redelivers on 503; every write here is idempotent). One line, no stack: an
     * outage would flood the log.
     */
    private static MutableHttpResponse<Problem> databaseUnavailable(ErrorContext context,
            MutableHttpResponse<Problem> response, Throwable cause) {
        LOG.warn("Database unavailable on {} {}: answered 503 ({})", context.getRequest().getMethodName(),
                context.getRequest().getPath(), DatabaseUnavailable.describe(cause));
        response.status(ProblemType.DATABASE_UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return response;
        }
        return response.contentType(Problem.MEDIA_TYPE)
                .body(ProblemType.DATABASE_UNAVAILABLE.problem("The service cannot reach its database right now, so"
                        + " the request may not have been stored. Repeat it after Retry-After.")
                        .at(context.getRequest().getPath()));
    }

    private static Problem problemFor(int status, Optional<Throwable> rootCause) {
        if (status >= 500) {
            return ProblemType.INTERNAL_ERROR.problem(status, null);
        }
        return switch (status) {
            case 401 -> ProblemType.UNAUTHENTICATED.problem("Present valid credentials.");
            case 403 -> ProblemType.FORBIDDEN.problem("These credentials may not do this.");
            case 404 -> ProblemType.NOT_FOUND.problem("Nothing is here.");
            case 405 -> ProblemType.METHOD_NOT_ALLOWED.problem(
                    "This resource does not support the method; see the Allow header.");
            case 406 -> ProblemType.NOT_ACCEPTABLE.problem(
                    "This resource answers application/json (errors: application/problem+json).");
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE.problem("The request body is larger than this service accepts.");
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE.problem("Send the body as application/json.");
            default -> rootCause.map(ProblemErrorResponseProcessor::fromCause)
                    .orElseGet(() -> ProblemType.BAD_REQUEST.problem(status, null));
        };
    }

    private static Problem fromCause(Throwable cause) {
        Throwable unwrapped = cause;
        if (cause instanceof ConversionErrorException conversion && conversion.getCause() != null) {
            unwrapped = conversion.getCause();
        }
        if (unwrapped instanceof JsonSyntaxException) {
            return ProblemType.MALFORMED_JSON.problem("The body is not a well-formed JSON document.");
        }
        if (unwrapped instanceof SerdeException serde) {
            return fromSerde(serde);
        }
        if (cause instanceof UnsatisfiedBodyRouteException) {
            return ProblemType.MALFORMED_JSON.problem("The request needs a JSON body.");
        }
        if (cause instanceof UnsatisfiedRouteException unsatisfied) {
            String name = unsatisfied.getArgument().getName();
            return ProblemType.INVALID_FIELD.problemAt(name, "'" + name + "' is required.");
        }
        if (cause instanceof ConversionErrorException conversion) {
            Argument<?> argument = conversion.getArgument();
            String name = argument.getName();
            return ProblemType.INVALID_FIELD.problemAt(name, "'" + name + "' has the wrong type or format.");
        }
        LOG.debug("Rendering a 400 for {}", cause.getClass().getName());
        return ProblemType.BAD_REQUEST.problem(null);
    }

    /** A JSON document that does not fit the endpoint's type: an unknown field, or a value of the wrong type. */
    private static Problem fromSerde(SerdeException serde) {
        String message = serde.getMessage() == null ? "" : serde.getMessage();
        Matcher unknown = UNKNOWN_PROPERTY.matcher(message);
        String base = pointer(serde.getPath());
        if (unknown.find()) {
            // Serde's path may or may not already end at the unknown property.
            String name = "/" + escape(unknown.group(1));
            String field = base.endsWith(name) ? base : base + name;
            return ProblemType.VALIDATION_FAILED.problemAt(field, "Unknown field.");
        }
        if (base.isEmpty()) {
            return ProblemType.MALFORMED_JSON.problem("The body does not have the expected JSON structure.");
        }
        return ProblemType.INVALID_FIELD.problemAt(base, "The value has the wrong type or format.");
    }

    /** An RFC 6901 JSON pointer from Serde's reference path (empty for the document itself). */
    static String pointer(List<ReferencePath> path) {
        StringBuilder pointer = new StringBuilder();
        for (ReferencePath segment : path) {
            switch (segment) {
                case PropertyReferencePath property ->
                        pointer.append('/').append(escape(property.property().getName()));
                case CollectionItemReferencePath item -> pointer.append('/').append(item.index());
                case MapItemReferencePath entry -> pointer.append('/').append(escape(entry.key()));
                default -> {
                }
            }
        }
        return pointer.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
