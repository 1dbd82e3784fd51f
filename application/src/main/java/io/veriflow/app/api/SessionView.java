package io.veriflow.app.api;

import io.veriflow.app.http.WireNames;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.session.Attempt;
import io.veriflow.domain.session.VerificationSession;
import java.time.Instant;
import java.util.List;

/**
 * A session as the API shows it. Process state and decision are separate: a session is {@code submitted} long
 * before it is {@code decided}, and only a decided session has a {@code decision}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SessionView(
        @Schema(description = "The session id (a UUIDv7).") String id,
        @Schema(description = "The provider running the verification, e.g. plaid or persona.") String provider,
        @Schema(description = "The provider's flow template.") String template,
        @Schema(description = "Your own id of the person verified (never personal data).") String subject,
        @Schema(description = "Process state of the current attempt.", allowableValues = {"created", "in_progress",
                "abandoned", "submitted", "decided", "expired", "canceled"}) String state,
        @Schema(description = "Present once decided.") @Nullable DecisionView decision,
        List<StepView> steps,
        List<AttemptView> attempts,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    static SessionView of(VerificationSession session) {
        return new SessionView(
                session.id().toString(),
                session.provider().value(),
                session.template().value(),
                session.subject().value(),
                WireNames.of(session.state()),
                session.decision().map(decision -> new DecisionView(WireNames.of(decision.verdict()),
                        decision.reasons().stream().map(ReasonCode::value).toList())).orElse(null),
                session.steps().stream()
                        .map(step -> new StepView(step.kind().code(), WireNames.of(step.status())))
                        .toList(),
                session.attempts().stream().map(AttemptView::of).toList(),
                session.createdAt(),
                session.updatedAt());
    }

    /** A verdict and the reason codes behind it ({@code reasons} is always present, empty when there are none). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DecisionView(
            @Schema(allowableValues = {"passed", "failed", "needs_review"}) String verdict,
            List<String> reasons) {
    }

    /** One step of the current attempt. */
    @Serdeable
    public record StepView(
            @Schema(description = "terms, phone, data_check, document, selfie, watchlist, risk, or a provider's own")
            String step,
            @Schema(allowableValues = {"pending", "active", "passed", "failed", "skipped", "in_review",
                    "not_applicable"}) String status) {
    }

    /** One attempt at the provider; a retry opens a new one chained to the previous. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AttemptView(
            int number,
            @JsonProperty("provider_ref") @Nullable String providerRef,
            @JsonProperty("previous_ref") @Nullable String previousRef,
            @Schema(allowableValues = {"session_start", "retry", "provider"}) String origin,
            @JsonProperty("opened_at") Instant openedAt) {

        static AttemptView of(Attempt attempt) {
            return new AttemptView(attempt.number(), attempt.ref().map(ProviderRef::value).orElse(null),
                    attempt.previousRef().map(ProviderRef::value).orElse(null), WireNames.of(attempt.origin()),
                    attempt.openedAt());
        }
    }
}
