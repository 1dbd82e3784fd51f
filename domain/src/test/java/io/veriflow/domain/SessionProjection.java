package io.veriflow.domain;

import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.Attempt;
import io.veriflow.domain.session.VerificationSession;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a session knows except {@code version} and {@code updatedAt} (which record when, not what): the
 * attempts with their snapshots, client progress, opening times and chain, plus the derived state, decision and steps.
 * Two sessions that saw the same signals must have equal projections.
 */
public record SessionProjection(
        SessionId id,
        TenantId tenant,
        ProviderId provider,
        SubjectRef subject,
        TemplateRef template,
        Instant createdAt,
        List<Attempt> attempts,
        ProcessState state,
        Optional<Decision> decision,
        List<Step> steps) {

    public static SessionProjection of(VerificationSession session) {
        return new SessionProjection(session.id(), session.tenant(), session.provider(), session.subject(),
                session.template(), session.createdAt(), session.attempts(), session.state(), session.decision(),
                session.steps());
    }
}
