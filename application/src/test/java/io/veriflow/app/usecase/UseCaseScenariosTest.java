package io.veriflow.app.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.port.in.FindSessions;
import io.veriflow.domain.port.in.ReconcileSession;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.port.in.ResumeVerification;
import io.veriflow.domain.port.in.RetryVerification;
import io.veriflow.domain.port.in.StartVerification;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.Permission;
import io.veriflow.domain.session.ReconcileRequest;
import io.veriflow.domain.session.SessionEvent;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.SignalMeta;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The use cases over in-memory ports: what is stored, notified, reconciled and kept secret. */
class UseCaseScenariosTest {

    private static final TenantId TENANT = new TenantId("acme");
    private static final SubjectRef SUBJECT = new SubjectRef("usr_1001");
    private static final ProviderRef REF = new ProviderRef("att_1");

    private final InMemoryStore memory = new InMemoryStore();
    private final ScriptedProvider provider = new ScriptedProvider();
    private final SessionStore store = memory.store();
    private final Providers providers = id -> Optional.<io.veriflow.domain.port.out.VerificationProvider>of(provider)
            .filter(p -> p.id().equals(id));
    private final RecordSignal recordSignal = new RecordSignalUseCase(store);
    private final FindSessions findSessions = new FindSessionsUseCase(store);
    private int nextId = 1;

    private SessionId started() {
        var start = new StartVerificationUseCase(store, providers, () -> SessionId.fromParts(1_700_000_000_000L,
                nextId, nextId++));
        var result = start.start(new StartVerification.Command(TENANT, ScriptedProvider.ID, SUBJECT,
                new TemplateRef("tmpl_1"), new IdempotencyKey("key-1")));
        return ((StartVerification.Started) result).session().id();
    }

    private RecordSignal.Result hint(SessionId session, String key, HintContent content) {
        var meta = new SignalMeta(new DedupeKey(key), new SignalName("scripted.client"), Optional.empty(),
                InMemoryStore.NOW);
        return recordSignal.record(new RecordSignal.Command(ScriptedProvider.ID,
                new RecordSignal.ToSession(TENANT, session), new ClientHint(meta, Optional.empty(), content),
                RawPayload.NONE));
    }

    private static Snapshot snapshot(SnapshotStatus status, String asOf) {
        return new Snapshot(REF, Optional.empty(), Optional.of(SUBJECT), status, status.name().toLowerCase(),
                List.of(), List.of(), Instant.parse(asOf));
    }

    @Test
    void startStoresTheSessionAndTellsTheTenant() {
        SessionId id = started();

        assertThat(findSessions.byId(TENANT, id)).get()
                .satisfies(s -> assertThat(s.providerRef()).contains(REF))
                .satisfies(s -> assertThat(s.state()).isEqualTo(ProcessState.CREATED));
        assertThat(memory.notified).singleElement().isInstanceOf(SessionEvent.SessionStarted.class);
        assertThat(provider.starts).isEqualTo(1);
    }

    @Test
    void unknownProviderIsAnAnswerNotAnError() {
        var start = new StartVerificationUseCase(store, providers, () -> SessionId.fromParts(1L, 1, 1));
        var result = start.start(new StartVerification.Command(TENANT, new io.veriflow.domain.model.ProviderId("nope"),
                SUBJECT, new TemplateRef("tmpl_1"), new IdempotencyKey("key-1")));
        assertThat(result).isInstanceOf(StartVerification.UnknownProvider.class);
        assertThat(memory.sessions).isEmpty();
    }

    @Test
    void duplicateSignalIsRecordedAndAppliedOnce() {
        SessionId id = started();

        var first = hint(id, "cb-1", new HintContent.FlowOpened());
        var second = hint(id, "cb-1", new HintContent.FlowOpened());

        assertThat(first).isInstanceOf(RecordSignal.Applied.class);
        assertThat(second).isInstanceOf(RecordSignal.Duplicate.class);
        assertThat(memory.log).hasSize(1);
        assertThat(memory.notified).filteredOn(SessionEvent.SessionInProgress.class::isInstance).hasSize(1);
    }

    @Test
    void everyClientHintAsksForReconciliation() {
        SessionId id = started();

        hint(id, "cb-1", new HintContent.FlowFinished(Optional.of("approved")));

        assertThat(memory.reconciles).singleElement()
                .isEqualTo(new ReconcileRequest(REF, ReconcileRequest.Why.CLIENT_HINT));
        assertThat(findSessions.byId(TENANT, id).orElseThrow().decision()).isEmpty();
    }

    @Test
    void concurrentChangeIsReappliedToTheFreshState() {
        SessionId id = started();
        memory.conflictsToInject = 2;

        var result = hint(id, "cb-1", new HintContent.FlowOpened());

        assertThat(result).isInstanceOf(RecordSignal.Applied.class);
        assertThat(memory.log).hasSize(1);
        assertThat(findSessions.byId(TENANT, id).orElseThrow().state()).isEqualTo(ProcessState.IN_PROGRESS);
    }

    @Test
    void resumeTokenFromACancelGoesToTheVaultOnly() {
        SessionId id = started();

        hint(id, "cb-1", new HintContent.FlowExited(Optional.of(new ClientToken("secret-session-token"))));

        assertThat(KeptResumeToken.unseal(memory.secrets.get(SecretVault.SecretRef.resumeTokenOf(TENANT, id)))
                .token().reveal()).isEqualTo("secret-session-token");
        assertThat(memory.log.toString()).doesNotContain("secret-session-token");
        assertThat(memory.notified.toString()).doesNotContain("secret-session-token");
    }

    @Test
    void webhookForAnUnknownAttemptIsReportedAsSuch() {
        var meta = new SignalMeta(new DedupeKey("evt-1"), new SignalName("scripted.webhook"), Optional.empty(),
                InMemoryStore.NOW);
        var result = recordSignal.record(new RecordSignal.Command(ScriptedProvider.ID,
                new RecordSignal.ToProviderRef(new ProviderRef("att_unknown")),
                new Notification(meta, new ProviderRef("att_unknown"), Optional.empty()), RawPayload.NONE));
        assertThat(result).isInstanceOf(RecordSignal.UnknownSession.class);
    }

    @Test
    void reconcileAppliesTheFetchedStateAndLogsAnIdenticalFetchOnce() {
        SessionId id = started();
        provider.fetches.add(snapshot(SnapshotStatus.PASSED, "2026-05-04T15:05:00Z"));
        provider.fetches.add(snapshot(SnapshotStatus.PASSED, "2026-05-04T15:05:00Z"));
        var reconcile = new ReconcileSessionUseCase(store, providers, recordSignal);
        var command = new ReconcileSession.Command(TENANT, id,
                new ReconcileRequest(REF, ReconcileRequest.Why.THIN_NOTIFICATION));

        var first = reconcile.reconcile(command);
        var second = reconcile.reconcile(command);

        assertThat(first).isInstanceOfSatisfying(ReconcileSession.Reconciled.class,
                r -> assertThat(r.outcome()).isInstanceOf(SignalOutcome.Changed.class));
        assertThat(second).isInstanceOfSatisfying(ReconcileSession.Reconciled.class,
                r -> assertThat(r.outcome()).isInstanceOf(SignalOutcome.Ignored.class));
        assertThat(memory.log).hasSize(1);
        assertThat(memory.log.getFirst().effect().result()).isEqualTo(SignalLog.Result.CHANGED);
        assertThat(findSessions.byId(TENANT, id).orElseThrow().decision().orElseThrow().verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void retryOfAPassedSessionIsRefusedWithoutCallingTheProvider() {
        SessionId id = started();
        provider.fetches.add(snapshot(SnapshotStatus.PASSED, "2026-05-04T15:05:00Z"));
        new ReconcileSessionUseCase(store, providers, recordSignal).reconcile(new ReconcileSession.Command(TENANT, id,
                new ReconcileRequest(REF, ReconcileRequest.Why.THIN_NOTIFICATION)));

        var result = new RetryVerificationUseCase(store, providers, p -> RetryPlan.of(RetryMode.RESTART))
                .retry(new RetryVerification.Command(TENANT, id, Optional.empty()));

        assertThat(result).isEqualTo(new RetryVerification.Refused(Permission.Refusal.ALREADY_PASSED));
        assertThat(provider.retries).isZero();
    }

    @Test
    void retryOfAFailedSessionOpensAChainedAttempt() {
        SessionId id = started();
        provider.fetches.add(snapshot(SnapshotStatus.FAILED, "2026-05-04T15:05:00Z"));
        new ReconcileSessionUseCase(store, providers, recordSignal).reconcile(new ReconcileSession.Command(TENANT, id,
                new ReconcileRequest(REF, ReconcileRequest.Why.THIN_NOTIFICATION)));
        provider.nextRef = new ProviderRef("att_2");

        var result = new RetryVerificationUseCase(store, providers, p -> RetryPlan.of(RetryMode.RESTART))
                .retry(new RetryVerification.Command(TENANT, id, Optional.empty()));

        assertThat(result).isInstanceOfSatisfying(RetryVerification.Retried.class, retried -> {
            assertThat(retried.session().attempts()).hasSize(2);
            assertThat(retried.session().currentAttempt().previousRef()).contains(REF);
            assertThat(retried.session().state()).isEqualTo(ProcessState.CREATED);
        });
        assertThat(memory.notified).filteredOn(SessionEvent.AttemptRetried.class::isInstance).hasSize(1);
    }

    @Test
    void resumeOfAnAbandonedSessionKeepsTheFreshTokenInTheVault() {
        SessionId id = started();
        hint(id, "cb-1", new HintContent.FlowExited(Optional.empty()));

        var result = new ResumeVerificationUseCase(store, providers)
                .resume(new ResumeVerification.Command(TENANT, id));

        assertThat(result).isInstanceOfSatisfying(ResumeVerification.Resumed.class,
                resumed -> assertThat(resumed.session().state()).isEqualTo(ProcessState.IN_PROGRESS));
        assertThat(KeptResumeToken.unseal(memory.secrets.get(SecretVault.SecretRef.resumeTokenOf(TENANT, id)))
                .token().reveal()).isEqualTo("resume-token-1");
        assertThat(memory.notified).filteredOn(SessionEvent.SessionResumed.class::isInstance).hasSize(1);
    }

    @Test
    void anotherTenantNeverSeesTheSession() {
        SessionId id = started();
        assertThat(findSessions.byId(new TenantId("other"), id)).isEmpty();
        assertThat(findSessions.timeline(new TenantId("other"), id)).isEmpty();
        assertThat(new ResumeVerificationUseCase(store, providers)
                .resume(new ResumeVerification.Command(new TenantId("other"), id)))
                .isInstanceOf(ResumeVerification.NotFound.class);
    }
}
