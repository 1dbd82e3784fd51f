package io.veriflow.domain.port.out;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.signal.Authority;
import io.veriflow.domain.signal.SignalMeta;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only log of every signal received, de-duplicated on (tenant, provider, dedupe key). It is the session's
 * timeline and the proof that whatever was acknowledged was stored.
 */
public interface SignalLog {

    /** Appends an entry unless one with the same dedupe key exists. */
    Appended append(Entry entry);

    /** A session's entries in the order they were received. */
    List<Entry> timeline(TenantId tenant, SessionId session);

    enum Appended {
        APPENDED,
        /** An entry with this dedupe key exists already: the signal is a duplicate and must not be applied again. */
        ALREADY_RECORDED
    }

    /**
     * One received signal and what it did.
     *
     * @param payload the provider's payload, minimised
     */
    record Entry(
            TenantId tenant,
            SessionId session,
            ProviderId provider,
            SignalMeta meta,
            Authority authority,
            Effect effect,
            RawPayload payload) {
        public Entry {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(session, "session must not be null");
            Objects.requireNonNull(provider, "provider must not be null");
            Objects.requireNonNull(meta, "meta must not be null");
            Objects.requireNonNull(authority, "authority must not be null");
            Objects.requireNonNull(effect, "effect must not be null");
            Objects.requireNonNull(payload, "payload must not be null");
        }
    }

    /**
     * What a signal did to its session, for the timeline.
     *
     * @param result changed, ignored or rejected
     * @param reason why it was ignored or rejected
     * @param events simple names of the events it caused
     */
    record Effect(Result result, Optional<String> reason, List<String> events) {
        public Effect {
            Objects.requireNonNull(result, "result must not be null");
            Objects.requireNonNull(reason, "reason must not be null (use Optional.empty())");
            events = List.copyOf(events);
        }

        public static Effect of(SignalOutcome outcome) {
            return switch (outcome) {
                case SignalOutcome.Changed changed -> new Effect(Result.CHANGED, Optional.empty(),
                        changed.events().stream().map(event -> event.getClass().getSimpleName()).toList());
                case SignalOutcome.Ignored ignored ->
                        new Effect(Result.IGNORED, Optional.of(ignored.reason().name()), List.of());
                case SignalOutcome.Rejected rejected ->
                        new Effect(Result.REJECTED, Optional.of(rejected.reason().name()), List.of());
            };
        }
    }

    enum Result {
        CHANGED,
        IGNORED,
        REJECTED
    }
}
