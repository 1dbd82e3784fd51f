package io.veriflow.app.work;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/**
 * An unfinished task that has been attempted too often or has been waiting too long. Carries ids, counts, times and
 * the last error's class and sanitised message only: no personal data.
 *
 * @param session the session the task is about (notification tasks may have none)
 * @param state {@code pending} or {@code running}
 * @param lastError the last failure, {@code <ExceptionClass>: <sanitised message>}
 */
@Serdeable
public record StuckTask(
        String tenant,
        UUID id,
        @Nullable UUID session,
        String kind,
        String state,
        int attempts,
        @Nullable String lastError,
        Instant notBefore,
        Instant createdAt) {
}
