package io.veriflow.app.work;

import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.AuthoritativeSnapshot;
import io.veriflow.domain.signal.SignalMeta;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Sessions for the work tests, built through the domain's own API. */
final class WorkSessions {

    static final TemplateRef TEMPLATE = new TemplateRef("tmpl_work");

    private WorkSessions() {
    }

    /** A tenant no other test uses. */
    static TenantId aFreshTenant() {
        return new TenantId("w" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    static ProviderRef aFreshRef(String prefix) {
        return new ProviderRef(prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    static SessionId idAt(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return SessionId.fromParts(at.toEpochMilli(), random.nextInt(), random.nextLong());
    }

    /** A session started (and so last changed) at {@code at}, its attempt confirmed as {@code ref} if present. */
    static VerificationSession started(TenantId tenant, ProviderId provider, Optional<ProviderRef> ref, Instant at) {
        return VerificationSession.start(idAt(at), tenant, provider, new SubjectRef("subject-1"), TEMPLATE, ref, at)
                .session();
    }

    /** A started session that already holds {@code snapshot}, applied at {@code at} (so last changed then). */
    static VerificationSession withSnapshot(VerificationSession session, Snapshot snapshot, Instant at) {
        SignalMeta meta = new SignalMeta(new DedupeKey("seed-" + snapshot.ref()), new SignalName("test.seed"),
                Optional.of(snapshot.asOf()), at);
        SignalOutcome outcome = session.apply(new AuthoritativeSnapshot(meta, snapshot));
        if (outcome instanceof SignalOutcome.Changed changed) {
            return changed.session();
        }
        throw new AssertionError("the seed snapshot did not change the session: " + outcome);
    }

    static Snapshot submitted(ProviderRef ref) {
        return new Snapshot(ref, Optional.empty(), Optional.empty(), SnapshotStatus.SUBMITTED, "submitted", List.of(),
                List.of(), ScriptedWorkProvider.AS_OF);
    }
}
