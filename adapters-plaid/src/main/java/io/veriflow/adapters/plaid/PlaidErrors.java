package io.veriflow.adapters.plaid;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Maps a failed Plaid call onto the port's sealed failures, by Plaid's error object ({@code error_type},
 * {@code error_code}) first and the HTTP status second:
 * <ul>
 *   <li>{@code RATE_LIMIT_EXCEEDED}, {@code API_ERROR} ({@code INTERNAL_SERVER_ERROR}, {@code PLANNED_MAINTENANCE}),
 *       {@code INSTITUTION_ERROR}, and any 429 or 5xx: {@link ProviderUnavailable}, with {@code Retry-After} when
 *       Plaid sent one;
 *   <li>any other Plaid error: {@link ProviderRejected} with code {@code error_type/error_code};
 *   <li>a 4xx without a readable Plaid error object: {@link ProviderContractViolation}.
 * </ul>
 * For an endpoint that is unsafe to re-send ({@code /identity_verification/retry}), an answer that leaves the outcome
 * unknown (a timeout, a dropped connection, a 500/502/504) becomes a {@code ProviderUnavailable} caused by a
 * {@link TimeoutException}, which the application's retry layer does not re-send; 429 and 503 mean "not processed"
 * and stay plain. Messages carry the endpoint, status, codes and Plaid's {@code request_id}; never Plaid's free-text
 * messages, request bodies or credentials.
 */
final class PlaidErrors {

    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private PlaidErrors() {
    }

    static ProviderFailure fromResponse(PlaidEndpoint endpoint, int status, @Nullable String body,
            @Nullable String retryAfterHeader, JsonMapper json, Clock clock) {
        Optional<JsonNode> error = body == null ? Optional.empty() : JsonText.parse(json, body)
                .filter(JsonNode::isObject);
        Optional<String> type = error.flatMap(node -> JsonText.text(node, "error_type")).map(PlaidErrors::safe);
        Optional<String> code = error.flatMap(node -> JsonText.text(node, "error_code")).map(PlaidErrors::safe);
        Optional<String> requestId = error.flatMap(node -> JsonText.text(node, "request_id")).map(PlaidErrors::safe);
        String what = "Plaid " + endpoint.path() + " answered HTTP " + status
                + type.map(t -> " " + t + "/" + code.orElse("?")).orElse("")
                + requestId.map(id -> " (request_id " + id + ")").orElse("");
        Optional<Duration> retryAfter = retryAfter(retryAfterHeader, clock);
        boolean unavailableType = type.map(t -> switch (t) {
            case "RATE_LIMIT_EXCEEDED", "API_ERROR", "INSTITUTION_ERROR" -> true;
            default -> false;
        }).orElse(false);
        if (unavailableType || status == 429 || status >= 500) {
            boolean notProcessed = status == 429 || status == 503
                    || type.filter("RATE_LIMIT_EXCEEDED"::equals).isPresent()
                    || code.filter("PLANNED_MAINTENANCE"::equals).isPresent();
            if (endpoint.resend() == PlaidEndpoint.Resend.UNSAFE && !notProcessed) {
                return unknownOutcome(what + "; the outcome is unknown, so it is not re-sent", retryAfter, null);
            }
            return new ProviderUnavailable(what, retryAfter);
        }
        if (type.isPresent() && code.isPresent()) {
            return new ProviderRejected(type.get() + "/" + code.get(), what);
        }
        return new ProviderContractViolation(what + " without a readable Plaid error object");
    }

    /** The call timed out waiting for Plaid's answer. */
    static ProviderUnavailable timedOut(PlaidEndpoint endpoint, Throwable cause) {
        String what = "Plaid " + endpoint.path() + " did not answer in time";
        if (endpoint.resend() == PlaidEndpoint.Resend.UNSAFE) {
            return unknownOutcome(what + "; the outcome is unknown, so it is not re-sent", Optional.empty(), cause);
        }
        return new ProviderUnavailable(what, Optional.empty(), cause);
    }

    /**
     * The call failed in transport. When the connection was never made, nothing reached Plaid and a re-send is safe;
     * anything later leaves an unsafe write's outcome unknown.
     */
    static ProviderUnavailable unreachable(PlaidEndpoint endpoint, Throwable cause) {
        String what = "Plaid " + endpoint.path() + " could not be reached (" + cause.getClass().getSimpleName() + ")";
        if (endpoint.resend() == PlaidEndpoint.Resend.UNSAFE && !neverConnected(cause)) {
            return unknownOutcome(what + "; the outcome is unknown, so it is not re-sent", Optional.empty(), cause);
        }
        return new ProviderUnavailable(what, Optional.empty(), cause);
    }

    static ProviderContractViolation unreadable(PlaidEndpoint endpoint, String problem) {
        return new ProviderContractViolation("Plaid " + endpoint.path() + " answered " + problem);
    }

    private static ProviderUnavailable unknownOutcome(String message, Optional<Duration> retryAfter,
            @Nullable Throwable original) {
        TimeoutException timeout = new TimeoutException(message);
        if (original != null) {
            timeout.initCause(original);
        }
        return new ProviderUnavailable(message, retryAfter, timeout);
    }

    private static boolean neverConnected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.nio.channels.UnresolvedAddressException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(@Nullable String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** Plaid's codes are safe to log; anything else that came back is replaced rather than echoed. */
    private static String safe(String token) {
        return SAFE_TOKEN.matcher(token).matches() ? token : "unprintable";
    }
}
