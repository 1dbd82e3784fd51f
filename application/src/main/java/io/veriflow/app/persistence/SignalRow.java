package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.signal.Authority;
import io.veriflow.domain.signal.SignalMeta;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code signal_log}, read back for the timeline. Rows are written only by
 * {@link SignalLogRepository#appendIfAbsent}, which lets the database generate the id.
 */
@MappedEntity("signal_log")
record SignalRow(
        @EmbeddedId SignalKey key,
        UUID sessionId,
        String providerId,
        String dedupeKey,
        String name,
        String authority,
        @Nullable Instant occurredAt,
        Instant receivedAt,
        String effectResult,
        @Nullable String effectReason,
        @TypeDef(type = DataType.STRING_ARRAY) String[] effectEvents,
        @TypeDef(type = DataType.JSON) String payload,
        @Nullable String traceparent,
        Instant recordedAt) {

    SignalLog.Entry toDomain() {
        return new SignalLog.Entry(
                new TenantId(key.tenantId()),
                new SessionId(sessionId),
                new ProviderId(providerId),
                new SignalMeta(new DedupeKey(dedupeKey), new SignalName(name), Optional.ofNullable(occurredAt),
                        receivedAt),
                Authority.valueOf(authority),
                new SignalLog.Effect(SignalLog.Result.valueOf(effectResult), Optional.ofNullable(effectReason),
                        List.of(effectEvents)),
                new RawPayload(payload));
    }
}
