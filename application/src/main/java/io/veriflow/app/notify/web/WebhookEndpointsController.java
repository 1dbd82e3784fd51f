package io.veriflow.app.notify.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.veriflow.app.http.Problem;
import io.veriflow.app.http.ProblemException;
import io.veriflow.app.http.ProblemType;
import io.veriflow.app.notify.endpoint.EndpointAddressPolicy;
import io.veriflow.app.notify.endpoint.EndpointCheck;
import io.veriflow.app.notify.payload.NotificationType;
import io.veriflow.app.notify.signing.WebhookSecret;
import io.veriflow.app.notify.store.EndpointId;
import io.veriflow.app.notify.store.NewEndpoint;
import io.veriflow.app.notify.store.ReplayFilter;
import io.veriflow.app.notify.store.WebhookEndpoint;
import io.veriflow.app.notify.store.WebhookEndpoints;
import io.veriflow.app.security.Caller;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's webhook endpoints. Only a tenant's backend (API key) may call these; another tenant's endpoint answers
 * {@code 404}. URLs are checked against SSRF ({@link EndpointAddressPolicy}) at registration and when an endpoint is
 * enabled again (and before every delivery attempt); a refused URL is {@code 422 validation-failed} at {@code /url}
 * with the rule in {@code reason}, never repeating the URL. The signing secret is shown once, at registration (and
 * at a rotation).
 */
@Controller("/v1/webhook-endpoints")
@Tag(name = "Webhook endpoints")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhookEndpointsController {

    /** How long a replaced secret keeps signing after a rotation, so receivers can switch without a gap. */
    static final Duration ROTATION_GRACE = Duration.ofHours(24);
    static final int MAX_DESCRIPTION_LENGTH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpointsController.class);
    private static final String KNOWN_TYPES = Arrays.stream(NotificationType.values())
            .map(NotificationType::wireName).collect(Collectors.joining(", "));

    private final WebhookEndpoints endpoints;
    private final EndpointAddressPolicy policy;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebhookEndpointsController(WebhookEndpoints endpoints, EndpointAddressPolicy policy, Clock clock) {
        this.endpoints = endpoints;
        this.policy = policy;
        this.clock = clock;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a webhook endpoint",
            description = "Session events are POSTed to it as signed Standard Webhooks. The answer carries the "
                    + "signing secret, shown this once.")
    @ApiResponse(responseCode = "201", description = "Registered; the body holds the signing secret")
    @ApiResponse(responseCode = "422", description = "validation-failed: a field at fault; for a URL the address "
            + "rules refuse, the rule is in `reason`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<CreatedEndpoint> register(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Body CreateEndpointRequest request) {
        TenantId tenant = tenantOf(caller);
        String url = allowedUrl(request.url());
        Optional<String> description = description(request.description());
        Set<NotificationType> types = eventTypes(request.eventTypes());
        WebhookSecret secret = WebhookSecret.generate(random);
        WebhookEndpoint endpoint = endpoints.register(
                new NewEndpoint(tenant, EndpointId.random(), url, description, types, clock.instant()), secret);
        LOG.info("Tenant {} registered webhook endpoint {}", tenant, endpoint.id());
        return HttpResponse.created(CreatedEndpoint.of(endpoint, secret.asSecret().reveal()))
                .headers(headers -> headers.location(URI.create("/v1/webhook-endpoints/" + endpoint.id())));
    }

    @Get
    @Operation(summary = "List webhook endpoints", description = "The tenant's endpoints, oldest first.")
    public EndpointList list(@Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        TenantId tenant = tenantOf(caller);
        return new EndpointList(endpoints.list(tenant).stream().map(EndpointView::of).toList());
    }

    @Get("/{id}")
    @Operation(summary = "Get a webhook endpoint", description = "Its settings and delivery health; not its secret.")
    @ApiResponse(responseCode = "404", description = "not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EndpointView get(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The endpoint id") @PathVariable String id) {
        TenantId tenant = tenantOf(caller);
        return endpoints.find(tenant, endpointId(id)).map(EndpointView::of)
                .orElseThrow(WebhookEndpointsController::notFound);
    }

    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook endpoint",
            description = "Stops all deliveries to it, pending ones included, and forgets its secret.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The endpoint id") @PathVariable String id) {
        TenantId tenant = tenantOf(caller);
        EndpointId endpoint = endpointId(id);
        if (!endpoints.delete(tenant, endpoint)) {
            throw notFound();
        }
        LOG.info("Tenant {} deleted webhook endpoint {}", tenant, endpoint);
    }

    @Post("/{id}/enable")
    @Operation(summary = "Enable a webhook endpoint",
            description = "After it was disabled for sustained failure: its URL is checked again, its failure count "
                    + "cleared, and its pending notifications go out in order.")
    @ApiResponse(responseCode = "404", description = "not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "validation-failed: its URL is no longer allowed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EndpointView enable(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The endpoint id") @PathVariable String id) {
        TenantId tenant = tenantOf(caller);
        EndpointId endpoint = endpointId(id);
        WebhookEndpoint current = endpoints.find(tenant, endpoint).orElseThrow(WebhookEndpointsController::notFound);
        allowedUrl(current.url());
        WebhookEndpoint enabled = endpoints.enable(tenant, endpoint, clock.instant())
                .orElseThrow(WebhookEndpointsController::notFound);
        LOG.info("Tenant {} enabled webhook endpoint {}", tenant, endpoint);
        return EndpointView.of(enabled);
    }

    @Post("/{id}/rotate-secret")
    @Operation(summary = "Rotate a webhook endpoint's signing secret",
            description = "Answers the new secret, shown this once. For 24 hours the replaced secret signs too (the "
                    + "webhook-signature header then carries two signatures), so receivers can switch without a gap.")
    @ApiResponse(responseCode = "404", description = "not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RotatedSecret rotateSecret(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The endpoint id") @PathVariable String id) {
        TenantId tenant = tenantOf(caller);
        EndpointId endpoint = endpointId(id);
        WebhookSecret secret = WebhookSecret.generate(random);
        Instant now = clock.instant();
        Instant previousValidUntil = now.plus(ROTATION_GRACE);
        endpoints.rotateSecret(tenant, endpoint, secret, now, previousValidUntil)
                .orElseThrow(WebhookEndpointsController::notFound);
        LOG.info("Tenant {} rotated the signing secret of webhook endpoint {}", tenant, endpoint);
        return new RotatedSecret(endpoint.toString(), secret.asSecret().reveal(), previousValidUntil);
    }

    @Post("/{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Status(HttpStatus.ACCEPTED)
    @Operation(summary = "Replay notifications to a webhook endpoint",
            description = "Sends one session's notifications, or those since a time, again, each with its original "
                    + "webhook-id, in order per session. Notifications still pending are left as they are.")
    @ApiResponse(responseCode = "202", description = "Queued")
    @ApiResponse(responseCode = "404", description = "not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "validation-failed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReplayQueued replay(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The endpoint id") @PathVariable String id,
            @Body ReplayRequest request) {
        TenantId tenant = tenantOf(caller);
        EndpointId endpoint = endpointId(id);
        ReplayFilter filter = replayFilter(request);
        OptionalInt queued = endpoints.replay(tenant, endpoint, filter, clock.instant());
        if (queued.isEmpty()) {
            throw notFound();
        }
        LOG.info("Tenant {} replayed {} notifications to webhook endpoint {}", tenant, queued.getAsInt(), endpoint);
        return new ReplayQueued(queued.getAsInt());
    }

    /** Only a tenant's backend manages endpoints. */
    static TenantId tenantOf(@Nullable Caller caller) {
        return switch (caller) {
            case null -> throw ProblemType.UNAUTHENTICATED.exception("Present the tenant's API key.");
            case Caller.TenantCaller tenantCaller -> tenantCaller.tenant();
            case Caller.SessionClient client ->
                    throw ProblemType.FORBIDDEN.exception("A client secret may only post its session's callbacks.");
            case Caller.Operator operator ->
                    throw ProblemType.FORBIDDEN.exception("Operators manage tenants; webhook endpoints belong to "
                            + "tenants.");
        };
    }

    private String allowedUrl(@Nullable String url) {
        if (url == null || url.isBlank()) {
            throw ProblemType.VALIDATION_FAILED.exceptionAt("/url", "url is required.");
        }
        return switch (policy.check(url)) {
            case EndpointCheck.Allowed allowed -> url;
            case EndpointCheck.Refused refused -> throw new ProblemException(ProblemType.VALIDATION_FAILED
                    .problemAt("/url", "The endpoint URL is not allowed: " + refused.detail() + ".")
                    .withReason(refused.reason().name().toLowerCase(Locale.ROOT)));
        };
    }

    private static Optional<String> description(@Nullable String description) {
        if (description == null || description.isBlank()) {
            return Optional.empty();
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw ProblemType.VALIDATION_FAILED.exceptionAt("/description",
                    "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters.");
        }
        return Optional.of(description.strip());
    }

    private static Set<NotificationType> eventTypes(@Nullable List<String> wireNames) {
        if (wireNames == null || wireNames.isEmpty()) {
            return Set.of();
        }
        Set<NotificationType> types = EnumSet.noneOf(NotificationType.class);
        for (int i = 0; i < wireNames.size(); i++) {
            String name = wireNames.get(i);
            int index = i;
            types.add(NotificationType.fromWireName(name == null ? "" : name).orElseThrow(() ->
                    ProblemType.VALIDATION_FAILED.exceptionAt("/event_types/" + index,
                            "Unknown event type; use one of " + KNOWN_TYPES + ".")));
        }
        return types;
    }

    private static ReplayFilter replayFilter(ReplayRequest request) {
        Optional<SessionId> session = Optional.ofNullable(request.sessionId()).filter(text -> !text.isEmpty())
                .map(text -> {
                    try {
                        return SessionId.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw ProblemType.VALIDATION_FAILED.exceptionAt("/session_id",
                                "session_id must be a session id (a UUIDv7).");
                    }
                });
        Optional<Instant> since = Optional.ofNullable(request.since()).filter(text -> !text.isEmpty())
                .map(text -> {
                    try {
                        return OffsetDateTime.parse(text).toInstant();
                    } catch (DateTimeParseException e) {
                        throw ProblemType.VALIDATION_FAILED.exceptionAt("/since",
                                "since must be an RFC 3339 date-time, e.g. 2025-03-01T00:00:00Z.");
                    }
                });
        if (session.isEmpty() && since.isEmpty()) {
            throw ProblemType.VALIDATION_FAILED.exceptionAt("",
                    "Name the notifications to replay: session_id, since, or both.");
        }
        return new ReplayFilter(session, since);
    }

    private static EndpointId endpointId(String id) {
        return EndpointId.parse(id).orElseThrow(() ->
                ProblemType.INVALID_FIELD.exceptionAt("id", "'id' must be a webhook endpoint id (a UUID)."));
    }

    private static ProblemException notFound() {
        return ProblemType.NOT_FOUND.exception("No webhook endpoint with this id exists for this tenant.");
    }
}
