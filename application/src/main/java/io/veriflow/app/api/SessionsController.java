package io.veriflow.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.veriflow.app.api.idempotency.Claim;
import io.veriflow.app.api.idempotency.IdempotencyStore;
import io.veriflow.app.api.idempotency.RequestFingerprint;
import io.veriflow.app.http.Problem;
import io.veriflow.app.http.ProblemException;
import io.veriflow.app.http.ProblemType;
import io.veriflow.app.security.Caller;
import io.veriflow.app.security.ClientSecrets;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.FindSessions;
import io.veriflow.domain.port.in.StartVerification;
import io.veriflow.domain.session.SessionPage;
import io.veriflow.domain.session.SessionQuery;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Starts and reads a tenant's verification sessions. Every read is scoped to the caller's tenant: another tenant's
 * session answers 404 like one that does not exist.
 *
 * <p>Starting is idempotent by the required {@code Idempotency-Key} header (see {@link IdempotencyStore}): the key
 * is claimed before the provider is called, so concurrent requests with one key start one session; a repeat with the
 * same body replays the first answer ({@code replayed: true}, header {@code Idempotent-Replayed: true}) with a
 * re-issued client secret and without the provider's launch token, which is never stored; the same key with another
 * body is {@code 422 idempotency-key-reused}.
 *
 * <p>Like every controller of this API it runs on the blocking executor: it calls JDBC and providers.
 */
@Controller("/v1/sessions")
@Tag(name = "Sessions")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SessionsController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final StartVerification startVerification;
    private final FindSessions findSessions;
    private final ClientSecrets clientSecrets;
    private final IdempotencyStore idempotency;
    private final JsonMapper json;

    SessionsController(StartVerification startVerification, FindSessions findSessions, ClientSecrets clientSecrets,
            IdempotencyStore idempotency, JsonMapper json) {
        this.startVerification = startVerification;
        this.findSessions = findSessions;
        this.clientSecrets = clientSecrets;
        this.idempotency = idempotency;
        this.json = json;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a verification session",
            description = "Creates the session at the provider and answers with what the front end needs to open "
                    + "the provider's flow, and the session's client secret.")
    @ApiResponse(responseCode = "201", description = "Started, or the replayed answer to the same request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StartedSession.class)))
    @ApiResponse(responseCode = "409", description = "request-in-progress: the same request is still running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422",
            description = "validation-failed, unknown-provider, or idempotency-key-reused",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<StartedSession> start(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(name = IDEMPOTENCY_KEY, required = true, description = "Your unique key for this start "
                    + "(e.g. a UUID): repeating the request with it never starts a second session.")
            @Header(value = IDEMPOTENCY_KEY, defaultValue = "") String idempotencyKey,
            @Valid @Body StartSessionRequest request) {
        TenantId tenant = Callers.tenant(caller);
        IdempotencyKey key = idempotencyKey(idempotencyKey);
        ProviderId provider = Parameters.bodyField("/provider", request.provider(), ProviderId::new);
        TemplateRef template = Parameters.bodyField("/template", request.template(), TemplateRef::new);
        SubjectRef subject = Parameters.bodyField("/subject", request.subject(), SubjectRef::new);
        String fingerprint = RequestFingerprint.of("POST /v1/sessions", provider.value(), template.value(),
                subject.value());
        return switch (idempotency.claim(tenant, key, fingerprint)) {
            case Claim.Claimed claimed -> startClaimed(claimed, provider, template, subject);
            case Claim.Replay replay -> replay(tenant, replay);
            case Claim.InProgress inProgress -> throw new ProblemException(ProblemType.REQUEST_IN_PROGRESS.problem(
                    "A request with this Idempotency-Key is still running; repeat it shortly."))
                    .withHeader(HttpHeaders.RETRY_AFTER, "1");
            case Claim.Mismatch mismatch -> throw ProblemType.IDEMPOTENCY_KEY_REUSED.exceptionAt(IDEMPOTENCY_KEY,
                    "This Idempotency-Key was used for a different request; use a new key.");
        };
    }

    private HttpResponse<StartedSession> startClaimed(
            Claim.Claimed claimed, ProviderId provider, TemplateRef template, SubjectRef subject) {
        StartVerification.Result result;
        try {
            result = startVerification.start(
                    new StartVerification.Command(claimed.tenant(), provider, subject, template, claimed.key()));
        } catch (RuntimeException failure) {
            // Nothing was stored: give the key back so that the client's retry with it runs again.
            idempotency.release(claimed);
            throw failure;
        }
        return switch (result) {
            case StartVerification.UnknownProvider unknown -> {
                idempotency.release(claimed);
                throw ProblemType.UNKNOWN_PROVIDER.exceptionAt("/provider",
                        "No provider with this id is installed.");
            }
            case StartVerification.Started started -> {
                SessionId id = started.session().id();
                StartedSession answer = new StartedSession(SessionView.of(started.session()), null,
                        LaunchView.of(started.launch()), false);
                // Kept before the secret is issued: a failure from here on is repaired by a replay.
                idempotency.complete(claimed, id, HttpStatus.CREATED.getCode(), write(answer.withoutSecrets()));
                String clientSecret = clientSecrets.issue(claimed.tenant(), id).reveal();
                yield HttpResponse.created(new StartedSession(answer.session(), clientSecret, answer.launch(), false));
            }
        };
    }

    private HttpResponse<StartedSession> replay(TenantId tenant, Claim.Replay replay) {
        StartedSession stored = read(replay.response());
        SessionId id = SessionId.parse(stored.session().id());
        String clientSecret = clientSecrets.issue(tenant, id).reveal();
        return HttpResponse.<StartedSession>status(HttpStatus.valueOf(replay.status()))
                .header(IDEMPOTENT_REPLAYED, "true")
                .body(stored.replayedWith(clientSecret));
    }

    @Get("/{id}")
    @Operation(summary = "Read a session")
    @ApiResponse(responseCode = "200", description = "The session")
    @ApiResponse(responseCode = "404", description = "not-found: no such session for this tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SessionView get(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The session id") @PathVariable String id) {
        TenantId tenant = Callers.tenant(caller);
        SessionId session = Parameters.sessionId("id", id);
        return findSessions.byId(tenant, session).map(SessionView::of).orElseThrow(SessionsController::notFound);
    }

    @Get
    @Operation(summary = "List sessions", description = "Newest first, filtered, in pages: pass a page's "
            + "next_cursor as `after` to read the next one.")
    @ApiResponse(responseCode = "200", description = "One page of sessions")
    @ApiResponse(responseCode = "400", description = "invalid-field: a query parameter is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SessionList list(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "Only this subject's sessions") @Nullable @QueryValue String subject,
            @Parameter(description = "Only sessions in this state", schema = @Schema(type = "string", allowableValues = {"created",
                    "in_progress", "abandoned", "submitted", "decided", "expired", "canceled"}))
            @Nullable @QueryValue String state,
            @Parameter(description = "Only this provider's sessions") @Nullable @QueryValue String provider,
            @Parameter(description = "Page size, 1 to 100 (default 20)") @Nullable @QueryValue String limit,
            @Parameter(description = "The next_cursor of the previous page") @Nullable @QueryValue String after) {
        TenantId tenant = Callers.tenant(caller);
        SessionQuery query = new SessionQuery(tenant,
                Parameters.subject("subject", subject),
                Parameters.state("state", state),
                Parameters.provider("provider", provider),
                Parameters.cursor("after", after),
                Parameters.limit("limit", limit));
        SessionPage page = findSessions.search(query);
        return new SessionList(page.sessions().stream().map(SessionView::of).toList(),
                page.nextAfter().map(SessionId::toString).orElse(null));
    }

    @Get("/{id}/timeline")
    @Operation(summary = "Read a session's timeline",
            description = "Every signal the session received, in order, with its authority and what it changed.")
    @ApiResponse(responseCode = "200", description = "The timeline")
    @ApiResponse(responseCode = "404", description = "not-found: no such session for this tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<TimelineEntry> timeline(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The session id") @PathVariable String id) {
        TenantId tenant = Callers.tenant(caller);
        SessionId session = Parameters.sessionId("id", id);
        return findSessions.timeline(tenant, session)
                .map(entries -> entries.stream().map(TimelineEntry::of).toList())
                .orElseThrow(SessionsController::notFound);
    }

    static ProblemException notFound() {
        return ProblemType.NOT_FOUND.exception("No session with this id exists for this tenant.");
    }

    private static IdempotencyKey idempotencyKey(@Nullable String header) {
        if (header == null || header.isEmpty()) {
            throw ProblemType.IDEMPOTENCY_KEY_REQUIRED.exceptionAt(IDEMPOTENCY_KEY,
                    "Starting a session needs an Idempotency-Key header (e.g. a UUID).");
        }
        try {
            return new IdempotencyKey(header);
        } catch (IllegalArgumentException e) {
            throw ProblemType.INVALID_FIELD.exceptionAt(IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to 255 characters without whitespace.");
        }
    }

    private String write(StartedSession stored) {
        try {
            return json.writeValueAsString(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the idempotency record", e);
        }
    }

    private StartedSession read(String stored) {
        try {
            return json.readValue(stored, StartedSession.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the idempotency record", e);
        }
    }
}
