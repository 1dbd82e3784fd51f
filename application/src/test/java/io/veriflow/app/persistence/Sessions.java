package io.veriflow.app.persistence;

import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.WebhookStyle;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.AuthoritativeSnapshot;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.ProviderSignal;
import io.veriflow.domain.signal.SignalMeta;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds sessions and signals through the domain's own API, for the persistence tests. */
final class Sessions {

    static final ProviderId PLAID = new ProviderId("plaid");
    static final ProviderId PERSONA = new ProviderId("persona");
    static final TemplateRef TEMPLATE = new TemplateRef("idvtmp_basic");
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    /** Plaid-like: reopens open attempts, retries by restarting, thin webhooks, the platform expires attempts. */
    static final ProviderCapabilities RETRYING_PROVIDER = new ProviderCapabilities(
            ResumeSupport.OPEN_ATTEMPTS, Set.of(RetryMode.RESTART), WebhookStyle.THIN,
            new ExpiryPolicy.PlatformExpires(Duration.ofMinutes(30)));

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Sessions() {
    }

    /** A tenant no other test uses, so tests sharing one database never see each other's rows. */
    static TenantId aFreshTenant() {
        return new TenantId("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /** A UUIDv7 session id created at {@code at}; ids of later instants sort after it, in Java and in PostgreSQL. */
    static SessionId idAt(Instant at) {
        int n = SEQUENCE.incrementAndGet();
        return SessionId.fromParts(at.toEpochMilli(), n, n);
    }

    static VerificationSession aStartedSession(
            TenantId tenant, ProviderId provider, SubjectRef subject, Optional<ProviderRef> ref, Instant at) {
        return VerificationSession.start(idAt(at), tenant, provider, subject, TEMPLATE, ref, at).session();
    }

    static VerificationSession aStartedSession(TenantId tenant, ProviderRef ref, Instant at) {
        return aStartedSession(tenant, PLAID, new SubjectRef("user-1"), Optional.of(ref), at);
    }

    /** The session after the signal, which must change it. */
    static VerificationSession applied(VerificationSession session, ProviderSignal signal) {
        SignalOutcome outcome = session.apply(signal);
        if (outcome instanceof SignalOutcome.Changed changed) {
            return changed.session();
        }
        throw new AssertionError("fixture signal did not change the session: " + outcome);
    }

    static ClientHint hint(String dedupeKey, HintContent content, Instant at) {
        return new ClientHint(meta(dedupeKey, "plaid.link.onEvent", at), Optional.empty(), content);
    }

    static AuthoritativeSnapshot authoritative(Snapshot snapshot, Instant receivedAt) {
        return new AuthoritativeSnapshot(meta("api-" + snapshot.ref() + "-" + snapshot.asOf().toEpochMilli(),
                "plaid.api.identity_verification", receivedAt), snapshot);
    }

    static Snapshot snapshot(
            ProviderRef ref, Optional<ProviderRef> previous, Optional<SubjectRef> subject, SnapshotStatus status,
            List<Step> steps, List<ReasonCode> reasons, Instant asOf) {
        return new Snapshot(ref, previous, subject, status, status.name().toLowerCase(Locale.ROOT), steps,
                reasons, asOf);
    }

    static SignalMeta meta(String dedupeKey, String name, Instant at) {
        return new SignalMeta(new DedupeKey(dedupeKey), new SignalName(name), Optional.of(at), at);
    }
}
