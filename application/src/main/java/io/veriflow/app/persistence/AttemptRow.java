package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.session.Attempt;
import io.veriflow.domain.session.AttemptOrigin;
import io.veriflow.domain.session.VerificationSession;
import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code verification_attempt}. {@code providerId} is the session's, denormalised for webhook routing;
 * {@code snapshot} and {@code clientProgress} are JSON documents (see {@link Documents}).
 */
@MappedEntity("verification_attempt")
record AttemptRow(
        @EmbeddedId AttemptKey key,
        String providerId,
        @Nullable String providerRef,
        @Nullable String previousRef,
        String origin,
        Instant openedAt,
        @Nullable @TypeDef(type = DataType.JSON) String snapshot,
        @TypeDef(type = DataType.JSON) String clientProgress,
        @Nullable Instant resumedAt,
        @Nullable Instant platformExpiredAt) {

    static AttemptRow from(VerificationSession session, Attempt attempt, Documents documents) {
        return new AttemptRow(
                new AttemptKey(session.tenant().value(), session.id().value(), attempt.number()),
                session.provider().value(),
                attempt.ref().map(ProviderRef::value).orElse(null),
                attempt.previousRef().map(ProviderRef::value).orElse(null),
                attempt.origin().name(),
                attempt.openedAt(),
                attempt.snapshot().map(documents::write).orElse(null),
                documents.write(attempt.client()),
                attempt.resumedAt().orElse(null),
                attempt.platformExpiredAt().orElse(null));
    }

    Attempt toDomain(Documents documents) {
        return new Attempt(
                key.number(),
                Optional.ofNullable(providerRef).map(ProviderRef::new),
                Optional.ofNullable(previousRef).map(ProviderRef::new),
                AttemptOrigin.valueOf(origin),
                openedAt,
                Optional.ofNullable(snapshot).map(documents::readSnapshot),
                documents.readClientProgress(clientProgress),
                Optional.ofNullable(resumedAt),
                Optional.ofNullable(platformExpiredAt));
    }
}
