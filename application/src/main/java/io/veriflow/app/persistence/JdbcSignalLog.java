package io.veriflow.app.persistence;

import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.app.tracing.Traceparent;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The signal log in {@code signal_log}. De-duplication is the database's unique constraint on (tenant, provider,
 * dedupe key) with {@code ON CONFLICT DO NOTHING}, so it holds across instances and concurrent requests.
 */
@Singleton
public class JdbcSignalLog implements SignalLog {

    private final SignalLogRepository signals;

    JdbcSignalLog(SignalLogRepository signals) {
        this.signals = signals;
    }

    @Override
    public Appended append(Entry entry) {
        long inserted = signals.appendIfAbsent(
                entry.tenant().value(),
                entry.session().value(),
                entry.provider().value(),
                entry.meta().dedupeKey().value(),
                entry.meta().name().value(),
                entry.authority().name(),
                entry.meta().occurredAt().orElse(null),
                entry.meta().receivedAt(),
                entry.effect().result().name(),
                entry.effect().reason().orElse(null),
                entry.effect().events().toArray(String[]::new),
                entry.payload().json(),
                Traceparent.current().orElse(null));
        return inserted == 1 ? Appended.APPENDED : Appended.ALREADY_RECORDED;
    }

    @Override
    public List<Entry> timeline(TenantId tenant, SessionId session) {
        return signals.findBySession(tenant.value(), session.value()).stream().map(SignalRow::toDomain).toList();
    }
}
