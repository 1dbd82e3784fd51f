package io.veriflow.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.veriflow.app.http.Problem;
import io.veriflow.app.http.ProblemType;
import io.veriflow.app.security.Caller;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.FindSessions;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.port.out.ClientCallbackTranslator;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.SignalMeta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Client callbacks forwarded by the product team's front end (Plaid Link {@code onExit}, Persona {@code onCancel},
 * ...): the body is the provider's own callback payload, translated by that provider's adapter into client hints and
 * recorded. A client hint never decides anything; it moves the process forward and asks for reconciliation.
 *
 * <p>Callable with the session's client secret (safe in a browser) or the tenant's API key.
 */
@Controller("/v1/sessions/{id}/callbacks")
@Tag(name = "Client callbacks")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ClientCallbacksController {

    /** The longest dedupe key the signal log takes ({@link DedupeKey}). */
    private static final int MAX_DEDUPE_KEY = 200;

    private final FindSessions findSessions;
    private final RecordSignal recordSignal;
    private final Map<ProviderId, ClientCallbackTranslator> translators;
    private final Clock clock;

    ClientCallbacksController(FindSessions findSessions, RecordSignal recordSignal,
            Collection<ClientCallbackTranslator> translators, Clock clock) {
        this.findSessions = findSessions;
        this.recordSignal = recordSignal;
        Map<ProviderId, ClientCallbackTranslator> byProvider = new HashMap<>();
        for (ClientCallbackTranslator translator : translators) {
            if (byProvider.put(translator.provider(), translator) != null) {
                throw new IllegalStateException(
                        "two ClientCallbackTranslator beans claim the provider id " + translator.provider());
            }
        }
        this.translators = Map.copyOf(byProvider);
        this.clock = clock;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Forward a client callback",
            description = "Post the provider SDK's callback payload exactly as the SDK handed it to your front end.")
    @RequestBody(description = "The provider's own client callback JSON, as the provider SDK gave it",
            required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Map.class)))
    @ApiResponse(responseCode = "202", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CallbacksAccepted.class)))
    @ApiResponse(responseCode = "400", description = "callback-unreadable: not a callback this provider sends",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "callbacks-not-supported by this session's provider",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<CallbacksAccepted> post(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The session id") @PathVariable String id,
            @Body String body) {
        SessionId sessionId = Parameters.sessionId("id", id);
        TenantId tenant = Callers.tenantOrClientOf(caller, sessionId);
        VerificationSession session = findSessions.byId(tenant, sessionId)
                .orElseThrow(SessionsController::notFound);
        ClientCallbackTranslator translator = translators.get(session.provider());
        if (translator == null) {
            throw ProblemType.CALLBACKS_NOT_SUPPORTED.exception(
                    "This session's provider has no client callbacks to forward.");
        }
        return switch (translator.translate(body, clock.instant())) {
            case ClientCallbackTranslator.Unreadable unreadable ->
                    throw ProblemType.CALLBACK_UNREADABLE.exceptionAt(unreadable.field(), unreadable.problem());
            case ClientCallbackTranslator.Translated translated -> {
                int accepted = 0;
                int duplicates = 0;
                for (ClientHint hint : translated.hints()) {
                    RecordSignal.Result result = recordSignal.record(new RecordSignal.Command(session.provider(),
                            new RecordSignal.ToSession(tenant, sessionId), scopedToSession(hint, sessionId),
                            translated.minimised()));
                    switch (result) {
                        case RecordSignal.Applied applied -> accepted++;
                        case RecordSignal.Duplicate duplicate -> duplicates++;
                        case RecordSignal.UnknownSession unknown -> throw SessionsController.notFound();
                    }
                }
                yield HttpResponse.accepted().body(new CallbacksAccepted(accepted, duplicates));
            }
        };
    }

    /**
     * The hint with its dedupe key prefixed by the session id. The signal log de-duplicates per tenant and provider,
     * and a translator's key identifies the callback's content only (Persona's is a hash of the body), so without the
     * prefix an identical callback of another session of the same tenant ({@code {"callback":"onReady"}}) would be
     * taken for a repeat and dropped. A key too long to prefix is replaced by its SHA-256.
     */
    private static ClientHint scopedToSession(ClientHint hint, SessionId session) {
        String key = hint.meta().dedupeKey().value();
        String scoped = session + ":" + key;
        if (scoped.length() > MAX_DEDUPE_KEY) {
            scoped = session + ":sha256:" + sha256(key);
        }
        SignalMeta meta = hint.meta();
        return new ClientHint(new SignalMeta(new DedupeKey(scoped), meta.name(), meta.occurredAt(),
                meta.receivedAt()), hint.claimedRef(), hint.content());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
        }
    }
}
