package io.veriflow.app.api;

import io.veriflow.app.http.WireNames;
import io.micronaut.core.annotation.Nullable;
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
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.veriflow.app.http.Problem;
import io.veriflow.app.http.ProblemException;
import io.veriflow.app.http.ProblemType;
import io.veriflow.app.security.Caller;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.in.ResumeVerification;
import io.veriflow.domain.port.in.RetryVerification;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.Permission;
import jakarta.validation.Valid;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reopens a session's flow (resume) or replaces its failed or expired attempt (retry). Whether either is allowed is
 * the domain's decision from what the provider supports; a refusal is {@code 409} with the reason.
 */
@Controller("/v1/sessions/{id}")
@Tag(name = "Session actions")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SessionActionsController {

    private final ResumeVerification resumeVerification;
    private final RetryVerification retryVerification;

    SessionActionsController(ResumeVerification resumeVerification, RetryVerification retryVerification) {
        this.resumeVerification = resumeVerification;
        this.retryVerification = retryVerification;
    }

    @Post("/resume")
    @Operation(summary = "Resume a session",
            description = "Hands the front end a fresh way back into an open (or, where the provider allows, "
                    + "expired) attempt.")
    @ApiResponse(responseCode = "200", description = "The session and a fresh launch")
    @ApiResponse(responseCode = "409", description = "session-not-resumable, with the refusal in `reason`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LaunchedSession resume(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The session id") @PathVariable String id) {
        TenantId tenant = Callers.tenant(caller);
        SessionId session = Parameters.sessionId("id", id);
        return switch (resumeVerification.resume(new ResumeVerification.Command(tenant, session))) {
            case ResumeVerification.Resumed resumed ->
                    new LaunchedSession(SessionView.of(resumed.session()), LaunchView.of(resumed.launch()));
            case ResumeVerification.Refused refused -> throw refusal(ProblemType.SESSION_NOT_RESUMABLE,
                    refused.reason(), "The session cannot be resumed now.");
            case ResumeVerification.NotFound notFound -> throw SessionsController.notFound();
        };
    }

    @Post("/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retry a session",
            description = "Opens a new attempt at the provider, chained to the failed or expired one.")
    @ApiResponse(responseCode = "200", description = "The session with its new attempt, and its launch")
    @ApiResponse(responseCode = "409", description = "session-not-retryable, with the refusal in `reason`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LaunchedSession retry(
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Parameter(description = "The session id") @PathVariable String id,
            @Valid @Nullable @Body RetrySessionRequest request) {
        TenantId tenant = Callers.tenant(caller);
        SessionId session = Parameters.sessionId("id", id);
        Optional<RetryPlan> plan = plan(request);
        return switch (retryVerification.retry(new RetryVerification.Command(tenant, session, plan))) {
            case RetryVerification.Retried retried ->
                    new LaunchedSession(SessionView.of(retried.session()), LaunchView.of(retried.launch()));
            case RetryVerification.Refused refused -> throw refusal(ProblemType.SESSION_NOT_RETRYABLE,
                    refused.reason(), "The session cannot be retried now.");
            case RetryVerification.NotFound notFound -> throw SessionsController.notFound();
        };
    }

    private static Optional<RetryPlan> plan(@Nullable RetrySessionRequest request) {
        if (request == null || (request.mode() == null && (request.steps() == null || request.steps().isEmpty()))) {
            return Optional.empty();
        }
        if (request.mode() == null) {
            throw ProblemType.VALIDATION_FAILED.exceptionAt("/mode", "steps can only be given with mode "
                    + "selected_steps.");
        }
        RetryMode mode = switch (request.mode()) {
            case "restart" -> RetryMode.RESTART;
            case "from_failed_step" -> RetryMode.FROM_FAILED_STEP;
            case "provider_chooses" -> RetryMode.PROVIDER_CHOOSES;
            case "selected_steps" -> RetryMode.SELECTED_STEPS;
            default -> throw ProblemType.VALIDATION_FAILED.exceptionAt("/mode",
                    "must be one of restart, from_failed_step, provider_chooses, selected_steps");
        };
        List<String> codes = request.steps() == null ? List.of() : request.steps();
        Set<StepKind> steps = new LinkedHashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            steps.add(Parameters.bodyField("/steps/" + i, code, StepKind::fromCode));
        }
        if (mode == RetryMode.SELECTED_STEPS && steps.isEmpty()) {
            throw ProblemType.VALIDATION_FAILED.exceptionAt("/steps", "selected_steps needs at least one step.");
        }
        if (mode != RetryMode.SELECTED_STEPS && !steps.isEmpty()) {
            throw ProblemType.VALIDATION_FAILED.exceptionAt("/steps", "steps can only be given with mode "
                    + "selected_steps.");
        }
        return Optional.of(new RetryPlan(mode, steps));
    }

    private static ProblemException refusal(
            ProblemType type, Permission.Refusal reason, String detail) {
        return new ProblemException(
                type.problem(detail + " Reason: " + WireNames.constant(reason.name()) + ".")
                        .withReason(WireNames.constant(reason.name())));
    }
}
