package io.veriflow.adapters.persona;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.port.in.RecordSignal.Applied;
import io.veriflow.domain.port.in.RecordSignal.Duplicate;
import io.veriflow.domain.port.in.RecordSignal.UnknownSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Persona's webhooks at {@code POST /webhooks/persona}.
 *
 * <ol>
 *   <li>Verifies {@code Persona-Signature} over the raw body bytes, before parsing anything
 *       ({@link PersonaSignature}; secrets {@code veriflow.persona.webhook-secrets}, plus the sandbox's own secret in
 *       sandbox mode). Missing, malformed, mismatching or out-of-window: 401, nothing recorded.
 *   <li>Parses and translates ({@link PersonaWebhookTranslator}). Not a Persona event: 400. An event about no
 *       inquiry: 200, nothing recorded.
 *   <li>Records it through {@link RecordSignal} (one transaction: signal log de-duplicated on the {@code evt_} id,
 *       the session, outbox, reconcile task) and only then answers: Applied or Duplicate, 200.
 *       UnknownSession (no session owns the inquiry, for example the create transaction has not committed yet):
 *       503 with {@code Retry-After: 5}, which Persona treats as a failed delivery and retries (about 3 s, 64 s,
 *       729 s... for ~51 h). Nothing acknowledged is ever lost: a 2xx goes out only after the signal is stored.
 * </ol>
 * Persona allows 5 seconds per delivery, so nothing here calls Persona: a thin event leaves a reconcile task for the
 * application's worker. Logs carry the event id, event name and inquiry id only.
 */
@Controller("/webhooks/persona")
public final class PersonaWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(PersonaWebhookController.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final RecordSignal recordSignal;
    private final PersonaSignature signature;
    private final PersonaJson json;
    private final Clock clock;

    PersonaWebhookController(RecordSignal recordSignal, PersonaSettings settings, Optional<PersonaSandbox> sandbox,
            PersonaJson json, Clock clock) {
        this.recordSignal = recordSignal;
        this.json = json;
        this.clock = clock;
        List<Secret> secrets = new ArrayList<>(settings.webhookSecrets());
        sandbox.ifPresent(running -> secrets.add(running.webhookSecret()));
        if (secrets.isEmpty()) {
            LOG.warn("No veriflow.persona.webhook-secrets configured: every Persona webhook will be refused with 401");
        }
        List<Secret> accepted = List.copyOf(secrets);
        this.signature = new PersonaSignature(() -> accepted, settings.webhookTolerance(), settings.webhookClockSkew());
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> receive(@Header(PersonaSignature.HEADER) @Nullable String signatureHeader,
            @Body byte[] raw) {
        Instant now = clock.instant();
        switch (signature.verify(signatureHeader, raw, now)) {
            case PersonaSignature.Invalid invalid -> {
                LOG.info("Persona webhook refused: signature {}", invalid.failure());
                return problem(HttpStatus.UNAUTHORIZED, "webhook-signature-invalid",
                        "Persona-Signature is " + describe(invalid.failure()));
            }
            case PersonaSignature.Valid valid -> {
                // authentic: go on
            }
        }
        JsonNode parsed;
        try {
            parsed = json.parse(raw);
        } catch (IOException | RuntimeException notJson) {
            LOG.warn("Persona webhook with a valid signature is not JSON");
            return problem(HttpStatus.BAD_REQUEST, "webhook-malformed", "the body is not JSON");
        }
        return switch (PersonaWebhookTranslator.read(parsed, now)) {
            case PersonaWebhookTranslator.Malformed malformed -> {
                LOG.warn("Persona webhook with a valid signature is not an event: {}", malformed.problem());
                yield problem(HttpStatus.BAD_REQUEST, "webhook-malformed", malformed.problem());
            }
            case PersonaWebhookTranslator.Unrelated unrelated -> {
                LOG.debug("Persona event {} ({}) concerns no inquiry: acknowledged", unrelated.eventId(),
                        unrelated.eventName());
                yield answer(HttpStatus.OK, "ignored");
            }
            case PersonaWebhookTranslator.AboutInquiry about -> record(about);
        };
    }

    private HttpResponse<String> record(PersonaWebhookTranslator.AboutInquiry about) {
        String eventId = about.notification().meta().dedupeKey().value();
        String name = about.notification().meta().name().value();
        RecordSignal.Result result = recordSignal.record(new RecordSignal.Command(PersonaProvider.ID,
                new RecordSignal.ToProviderRef(about.ref()), about.notification(), about.minimised()));
        return switch (result) {
            case Applied applied -> {
                LOG.debug("Persona event {} ({}) for {} recorded", eventId, name, about.ref());
                yield answer(HttpStatus.OK, "recorded");
            }
            case Duplicate duplicate -> {
                LOG.debug("Persona event {} ({}) for {} was already recorded", eventId, name, about.ref());
                yield answer(HttpStatus.OK, "duplicate");
            }
            case UnknownSession unknown -> {
                LOG.info("Persona event {} ({}) for {}: no session yet, asking Persona to redeliver", eventId, name,
                        about.ref());
                yield HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", "5")
                        .contentType(PROBLEM_JSON)
                        .body(problemBody(HttpStatus.SERVICE_UNAVAILABLE, "webhook-session-unknown",
                                "no session owns this inquiry yet; redeliver later"));
            }
        };
    }

    private static String describe(PersonaSignature.Failure failure) {
        return switch (failure) {
            case MISSING -> "missing";
            case MALFORMED -> "malformed";
            case MISMATCH -> "not valid for this body";
            case TOO_OLD, TOO_NEW -> "outside the accepted time window";
        };
    }

    private static HttpResponse<String> answer(HttpStatus status, String outcome) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(PersonaJson.write(PersonaJson.object("status", outcome)));
    }

    private static HttpResponse<String> problem(HttpStatus status, String type, String detail) {
        return HttpResponse.<String>status(status).contentType(PROBLEM_JSON)
                .body(problemBody(status, type, detail));
    }

    private static String problemBody(HttpStatus status, String type, String detail) {
        return PersonaJson.write(PersonaJson.object(
                "type", "https://veriflow.io/problems/" + type,
                "title", status.getReason(),
                "status", status.getCode(),
                "detail", detail));
    }
}
