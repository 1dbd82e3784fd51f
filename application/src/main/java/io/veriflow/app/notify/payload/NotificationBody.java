package io.veriflow.app.notify.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Objects;

/**
 * The JSON body of one notification. Keys are written in declaration order; absent fields are left out (never
 * {@code null}); an empty reason list is written as {@code []}.
 *
 * @param id the notification id (equal to the {@code webhook-id} header)
 * @param type the dotted {@link NotificationType} wire name
 * @param sequence the per-session sequence number
 * @param occurredAt when the event happened, ISO-8601 UTC, at most microsecond precision
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "sequence", "occurred_at", "data"})
public record NotificationBody(
        @JsonProperty("id") String id,
        @JsonProperty("type") String type,
        @JsonProperty("sequence") long sequence,
        @JsonProperty("occurred_at") String occurredAt,
        @JsonProperty("data") SessionData data) {

    public NotificationBody {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(occurredAt, "occurred_at must not be null");
        Objects.requireNonNull(data, "data must not be null");
    }

    /**
     * What the event says about the session.
     *
     * @param subjectRef the product team's own user id; only in {@code session.started} (by contract not personal
     *     data: see {@code SubjectRef})
     * @param templateRef the provider flow template; only in {@code session.started}
     * @param state the process state the event leaves the session in, where the event implies one
     * @param previousState for {@code session.reopened}: the state it left
     * @param decision the decision, for {@code session.decided} and (the new one) {@code session.decision_changed}
     * @param previousDecision for {@code session.decision_changed}: the decision it replaced
     * @param step for {@code session.step_progressed}
     * @param attempt for {@code session.attempt_retried}
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"session_id", "tenant_id", "provider", "subject_ref", "template_ref", "state",
            "previous_state", "decision", "previous_decision", "step", "attempt"})
    public record SessionData(
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("tenant_id") String tenantId,
            @JsonProperty("provider") String provider,
            @JsonProperty("subject_ref") @Nullable String subjectRef,
            @JsonProperty("template_ref") @Nullable String templateRef,
            @JsonProperty("state") @Nullable String state,
            @JsonProperty("previous_state") @Nullable String previousState,
            @JsonProperty("decision") @Nullable DecisionData decision,
            @JsonProperty("previous_decision") @Nullable DecisionData previousDecision,
            @JsonProperty("step") @Nullable StepData step,
            @JsonProperty("attempt") @Nullable AttemptData attempt) {

        public SessionData {
            Objects.requireNonNull(sessionId, "session_id must not be null");
            Objects.requireNonNull(tenantId, "tenant_id must not be null");
            Objects.requireNonNull(provider, "provider must not be null");
        }
    }

    /** A verdict ({@code passed}, {@code failed}, {@code needs_review}) and its reason codes. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"verdict", "reasons"})
    public record DecisionData(
            @JsonProperty("verdict") String verdict,
            @JsonProperty("reasons") List<String> reasons) {

        public DecisionData {
            Objects.requireNonNull(verdict, "verdict must not be null");
            reasons = List.copyOf(reasons);
        }
    }

    /** One step's kind code and status; {@code previous_status} is absent when the step was new. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"kind", "status", "previous_status"})
    public record StepData(
            @JsonProperty("kind") String kind,
            @JsonProperty("status") String status,
            @JsonProperty("previous_status") @Nullable String previousStatus) {

        public StepData {
            Objects.requireNonNull(kind, "kind must not be null");
            Objects.requireNonNull(status, "status must not be null");
        }
    }

    /** The new attempt: its number, why it exists, and the provider's id for it when known. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"number", "origin", "provider_ref"})
    public record AttemptData(
            @JsonProperty("number") int number,
            @JsonProperty("origin") String origin,
            @JsonProperty("provider_ref") @Nullable String providerRef) {

        public AttemptData {
            Objects.requireNonNull(origin, "origin must not be null");
        }
    }
}
