package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.Attempt;
import io.veriflow.domain.session.VerificationSession;
import java.time.Instant;
import java.util.List;

/**
 * A row of {@code verification_session}. {@code state} and {@code verdict} are derived from the attempts and stored
 * for queries only; {@link #toDomain} rebuilds the session from the attempts alone.
 */
@MappedEntity("verification_session")
record SessionRow(
        @EmbeddedId SessionKey key,
        String providerId,
        String subjectRef,
        String templateRef,
        String state,
        @Nullable String verdict,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    static SessionRow from(VerificationSession session) {
        return new SessionRow(
                new SessionKey(session.tenant().value(), session.id().value()),
                session.provider().value(),
                session.subject().value(),
                session.template().value(),
                session.state().name(),
                session.decision().map(Decision::verdict).map(Enum::name).orElse(null),
                session.createdAt(),
                session.updatedAt(),
                session.version());
    }

    /** The session with these attempts, which must be this session's, ordered by number. */
    VerificationSession toDomain(List<Attempt> attempts) {
        return new VerificationSession(
                new SessionId(key.id()),
                new TenantId(key.tenantId()),
                new ProviderId(providerId),
                new SubjectRef(subjectRef),
                new TemplateRef(templateRef),
                attempts,
                createdAt,
                updatedAt,
                version);
    }
}
