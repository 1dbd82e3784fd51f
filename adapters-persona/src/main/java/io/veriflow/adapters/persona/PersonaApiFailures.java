package io.veriflow.adapters.persona;

import io.micronaut.http.HttpHeaders;
import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Maps what went wrong in a Persona API call onto the port's sealed failure set (REFERENCE.md section 5.1).
 *
 * <table>
 *   <caption>statuses</caption>
 *   <tr><td>408, 429, 5xx</td><td>ProviderUnavailable, retryAfter from {@code Retry-After} (seconds or HTTP date),
 *       else {@code RateLimit-Reset} (seconds)</td></tr>
 *   <tr><td>other 4xx (400, 401, 403, 404, 409, 422...)</td><td>ProviderRejected, code
 *       {@code <status>_<first error title>} such as {@code 409_conflict}</td></tr>
 *   <tr><td>1xx, 3xx, or a 2xx whose body is not the resource</td><td>ProviderContractViolation</td></tr>
 *   <tr><td>no answer (timeout, connection reset)</td><td>ProviderUnavailable; for a write, caused by a
 *       {@link TimeoutException}: the outcome is unknown, so the application does not re-send it</td></tr>
 *   <tr><td>connection refused / connect timeout</td><td>ProviderUnavailable (nothing was sent: safe to re-send)</td></tr>
 * </table>
 * Messages name the operation and status and at most Persona's short error title; never {@code details} (which can
 * echo request values such as the idempotency key), never the body.
 */
final class PersonaApiFailures {

    private static final int MAX_TITLE = 48;

    private PersonaApiFailures() {
    }

    /** The calls the adapter makes; writes are those whose re-sending after an unknown outcome is not ours to do. */
    enum Operation {
        CREATE("POST /inquiries", true),
        RETRIEVE("GET /inquiries/{id}", false),
        RESUME("POST /inquiries/{id}/resume", true);

        private final String label;
        private final boolean write;

        Operation(String label, boolean write) {
            this.label = label;
            this.write = write;
        }

        String label() {
            return label;
        }

        boolean write() {
            return write;
        }
    }

    static ProviderFailure fromStatus(
            Operation operation, int status, HttpHeaders headers, byte[] body, PersonaJson json, Clock clock) {
        Optional<String> title = errorTitle(body, json);
        String said = "Persona answered " + status + title.map(value -> " (" + value + ")").orElse("")
                + " to " + operation.label();
        if (status == 408 || status == 429 || status >= 500) {
            return new ProviderUnavailable(said, retryAfter(headers, clock));
        }
        if (status >= 400) {
            String code = status + title.map(PersonaApiFailures::slug).filter(slug -> !slug.isEmpty())
                    .map(slug -> "_" + slug).orElse("");
            return new ProviderRejected(code, said);
        }
        return new ProviderContractViolation(said + ", which is not an answer the adapter expects");
    }

    static ProviderUnavailable noAnswer(Operation operation, Exception failure) {
        boolean nothingSent = causedBy(failure, ConnectException.class);
        if (operation.write() && !nothingSent) {
            TimeoutException unknownOutcome = new TimeoutException(
                    "no answer from Persona to " + operation.label() + "; the outcome is unknown");
            unknownOutcome.initCause(failure);
            return new ProviderUnavailable("Persona did not answer " + operation.label()
                    + " in time; whether it was processed is unknown", Optional.empty(), unknownOutcome);
        }
        return new ProviderUnavailable((nothingSent ? "could not connect to Persona for " : "no answer from Persona to ")
                + operation.label(), Optional.empty(), failure);
    }

    static ProviderContractViolation unreadable(Operation operation, String problem, Throwable cause) {
        return new ProviderContractViolation(
                "Persona's answer to " + operation.label() + " broke the contract: " + problem, cause);
    }

    /** {@code Retry-After} in seconds or as an HTTP date, else {@code RateLimit-Reset} in seconds. */
    static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        Optional<Duration> retryAfter = headers.getFirst("Retry-After").map(String::strip)
                .flatMap(value -> seconds(value).or(() -> httpDate(value, clock)));
        return retryAfter.or(() -> headers.getFirst("RateLimit-Reset").map(String::strip)
                .flatMap(PersonaApiFailures::seconds));
    }

    private static Optional<Duration> seconds(String value) {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }

    private static Optional<Duration> httpDate(String value, Clock clock) {
        try {
            Duration wait = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /** Persona's first {@code errors[].title}, reduced to printable ASCII; titles are short and generic. */
    private static Optional<String> errorTitle(byte[] body, PersonaJson json) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode errors = PersonaJson.member(json.parse(body), "errors").orElse(null);
            return PersonaJson.elements(errors).stream().findFirst()
                    .flatMap(first -> PersonaJson.text(first, "title"))
                    .map(PersonaApiFailures::printable)
                    .filter(title -> !title.isEmpty());
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private static String printable(String title) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < title.length() && out.length() < MAX_TITLE; i++) {
            char c = title.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
