package io.veriflow.app.usecase;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ConcurrentSessionUpdate;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.ReconcileRequest;
import io.veriflow.domain.session.SessionEvent;
import io.veriflow.domain.session.SessionPage;
import io.veriflow.domain.session.SessionQuery;
import io.veriflow.domain.session.VerificationSession;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * In-memory fakes of every outbound port, with a transaction that really rolls back: work runs on copies that are
 * published only when it completes.
 */
final class InMemoryStore {

    static final Instant NOW = Instant.parse("2026-05-04T15:00:00Z");

    final Map<SessionId, VerificationSession> sessions = new LinkedHashMap<>();
    final List<SignalLog.Entry> log = new ArrayList<>();
    final List<SessionEvent> notified = new ArrayList<>();
    final List<ReconcileRequest> reconciles = new ArrayList<>();
    final Map<SecretVault.SecretRef, Secret> secrets = new HashMap<>();
    int conflictsToInject;

    private Working working;

    SessionStore store() {
        return new SessionStore(new Sessions(), new Log(), new Outbox(), new Tasks(), new Vault(), this::transaction,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private <T> T transaction(Supplier<T> work) {
        working = new Working(new LinkedHashMap<>(sessions), new ArrayList<>(log), new ArrayList<>(notified),
                new ArrayList<>(reconciles), new HashMap<>(secrets));
        try {
            T result = work.get();
            sessions.clear();
            sessions.putAll(working.sessions);
            log.clear();
            log.addAll(working.log);
            notified.clear();
            notified.addAll(working.notified);
            reconciles.clear();
            reconciles.addAll(working.reconciles);
            secrets.clear();
            secrets.putAll(working.secrets);
            return result;
        } finally {
            working = null;
        }
    }

    private Working current() {
        if (working == null) {
            throw new IllegalStateException("port used outside a transaction");
        }
        return working;
    }

    private Map<SessionId, VerificationSession> readable() {
        return working == null ? sessions : working.sessions;
    }

    private record Working(
            Map<SessionId, VerificationSession> sessions,
            List<SignalLog.Entry> log,
            List<SessionEvent> notified,
            List<ReconcileRequest> reconciles,
            Map<SecretVault.SecretRef, Secret> secrets) {
    }

    private final class Sessions implements VerificationSessions {
        @Override
        public VerificationSession add(VerificationSession session) {
            current().sessions.put(session.id(), session);
            return session;
        }

        @Override
        public VerificationSession save(VerificationSession session) {
            VerificationSession stored = current().sessions.get(session.id());
            if (conflictsToInject > 0 || stored == null || stored.version() != session.version()) {
                conflictsToInject--;
                throw new ConcurrentSessionUpdate(session.id(), session.version());
            }
            VerificationSession next = new VerificationSession(session.id(), session.tenant(), session.provider(),
                    session.subject(), session.template(), session.attempts(), session.createdAt(),
                    session.updatedAt(), session.version() + 1);
            current().sessions.put(session.id(), next);
            return next;
        }

        @Override
        public Optional<VerificationSession> find(TenantId tenant, SessionId id) {
            return Optional.ofNullable(readable().get(id)).filter(s -> s.tenant().equals(tenant));
        }

        @Override
        public Optional<VerificationSession> findByProviderRef(ProviderId provider, ProviderRef ref) {
            return readable().values().stream()
                    .filter(s -> s.provider().equals(provider))
                    .filter(s -> s.attempts().stream().anyMatch(a -> a.ref().equals(Optional.of(ref))))
                    .findFirst();
        }

        @Override
        public SessionPage search(SessionQuery query) {
            return new SessionPage(readable().values().stream()
                    .filter(s -> s.tenant().equals(query.tenant())).limit(query.limit()).toList(), Optional.empty());
        }
    }

    private final class Log implements SignalLog {
        @Override
        public Appended append(Entry entry) {
            Set<String> keys = new HashSet<>();
            current().log.forEach(e -> keys.add(e.tenant() + "/" + e.provider() + "/" + e.meta().dedupeKey()));
            if (!keys.add(entry.tenant() + "/" + entry.provider() + "/" + entry.meta().dedupeKey())) {
                return Appended.ALREADY_RECORDED;
            }
            current().log.add(entry);
            return Appended.APPENDED;
        }

        @Override
        public List<Entry> timeline(TenantId tenant, SessionId session) {
            return log.stream().filter(e -> e.tenant().equals(tenant) && e.session().equals(session)).toList();
        }
    }

    private final class Outbox implements Notifications {
        @Override
        public void enqueue(TenantId tenant, List<SessionEvent> events) {
            current().notified.addAll(events);
        }
    }

    private final class Tasks implements ReconcileTasks {
        @Override
        public void schedule(TenantId tenant, SessionId session, ReconcileRequest request, Instant notBefore) {
            current().reconciles.add(request);
        }
    }

    private final class Vault implements SecretVault {
        @Override
        public void store(SecretRef ref, Secret secret) {
            current().secrets.put(ref, secret);
        }

        @Override
        public Optional<Secret> read(SecretRef ref) {
            return Optional.ofNullable(secrets.get(ref));
        }

        @Override
        public void discard(SecretRef ref) {
            current().secrets.remove(ref);
        }
    }
}
