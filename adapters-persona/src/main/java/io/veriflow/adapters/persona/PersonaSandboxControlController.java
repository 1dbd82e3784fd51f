package io.veriflow.adapters.persona;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox control: {@code POST /sandbox/persona/inquiries/{id}/simulate} with {@code {"outcome": "start | complete |
 * fail | expire | mark_for_review | approve | decline"}} changes the in-memory inquiry the way the user, a Workflow or
 * a reviewer would, then delivers the matching event ({@code inquiry.started}, {@code inquiry.completed}...,
 * embedding the inquiry like Persona's) as a real webhook: {@code POST /webhooks/persona} on this service, signed
 * with the sandbox's secret exactly as Persona signs ({@code Persona-Signature: t=...,v1=...}), with Persona's
 * delivery headers. One attempt, synchronously; the answer tells how the webhook was received.
 *
 * <p>Answers: 200 {@code {"inquiry": {"id", "status"}, "webhook": {"event-id", "name", "status"}}}; 400 for an
 * unknown outcome; 404 for an unknown inquiry; 409 when the outcome cannot happen from the inquiry's status.
 */
@Controller("/sandbox/persona/inquiries")
@Requires(missingProperty = PersonaSettings.API_KEY)
final class PersonaSandboxControlController {

    private static final Logger LOG = LoggerFactory.getLogger(PersonaSandboxControlController.class);

    private final PersonaSandbox sandbox;
    private final PersonaJson json;
    private final BlockingHttpClient http;
    private final Clock clock;

    PersonaSandboxControlController(PersonaSandbox sandbox, PersonaJson json,
            @Client(configuration = PersonaHttpClientConfiguration.class) HttpClient http, Clock clock) {
        this.sandbox = sandbox;
        this.json = json;
        this.http = http.toBlocking();
        this.clock = clock;
    }

    @Post(value = "/{id}/simulate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> simulate(@PathVariable String id, @Body byte[] body) {
        Optional<SandboxOutcome> outcome;
        try {
            outcome = PersonaJson.text(json.parse(body), "outcome").flatMap(SandboxOutcome::of);
        } catch (IOException | RuntimeException notJson) {
            outcome = Optional.empty();
        }
        if (outcome.isEmpty()) {
            return PersonaSandboxApiController.error(HttpStatus.BAD_REQUEST, "Bad request",
                    "body must be {\"outcome\": \"" + Arrays.stream(SandboxOutcome.values())
                            .map(SandboxOutcome::word).collect(Collectors.joining("|")) + "\"}");
        }
        return switch (sandbox.simulate(id, outcome.get())) {
            case PersonaSandbox.NotFound notFound ->
                    PersonaSandboxApiController.error(HttpStatus.NOT_FOUND, "Record not found", null);
            case PersonaSandbox.Conflict conflict -> PersonaSandboxApiController.error(HttpStatus.CONFLICT,
                    "Conflict", "cannot " + outcome.get().word() + " an inquiry that is " + conflict.status());
            case PersonaSandbox.Changed changed -> deliver(changed.inquiry(), outcome.get());
        };
    }

    private HttpResponse<String> deliver(SandboxInquiry inquiry, SandboxOutcome outcome) {
        String eventId = sandbox.newEventId();
        byte[] body = PersonaJson.write(sandbox.event(eventId, outcome.event(), inquiry))
                .getBytes(StandardCharsets.UTF_8);
        long t = clock.instant().getEpochSecond();
        int status;
        try {
            HttpResponse<byte[]> answer = http.exchange(HttpRequest.POST(sandbox.webhookUrl(), body)
                    .contentType("application/json; charset=utf-8")
                    .header(PersonaSignature.HEADER, PersonaSignature.header(sandbox.webhookSecret(), t, body))
                    .header("Persona-Webhook-Attempts-Made", "1")
                    .header("Persona-Webhook-Attempts-Left", "0")
                    .header("Persona-Webhook-First-Attempted-At", Long.toString(t)), byte[].class);
            status = answer.code();
        } catch (HttpClientResponseException error) {
            status = error.getStatus().getCode();
        } catch (HttpClientException unreachable) {
            LOG.warn("Sandbox could not deliver Persona event {} for {}: {}", eventId, inquiry.id(),
                    unreachable.getClass().getSimpleName());
            status = 0;
        }
        LOG.info("Sandbox simulated {} on {}: event {} delivered with answer {}", outcome.word(), inquiry.id(),
                eventId, status);
        JsonNode answer = PersonaJson.object(
                "inquiry", PersonaJson.object("id", inquiry.id(), "status", inquiry.status()),
                "webhook", PersonaJson.object("event-id", eventId, "name", outcome.event(), "status", status));
        return HttpResponse.<String>status(HttpStatus.OK).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(PersonaJson.write(answer));
    }
}
