package io.veriflow.app.persistence;

import static io.veriflow.app.persistence.Sessions.PERSONA;
import static io.veriflow.app.persistence.Sessions.PLAID;
import static io.veriflow.app.persistence.Sessions.RETRYING_PROVIDER;
import static io.veriflow.app.persistence.Sessions.T0;
import static io.veriflow.app.persistence.Sessions.aFreshTenant;
import static io.veriflow.app.persistence.Sessions.aStartedSession;
import static io.veriflow.app.persistence.Sessions.applied;
import static io.veriflow.app.persistence.Sessions.authoritative;
import static io.veriflow.app.persistence.Sessions.hint;
import static io.veriflow.app.persistence.Sessions.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.OtherStep;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.port.out.ConcurrentSessionUpdate;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.AttemptOrigin;
import io.veriflow.domain.session.ClientProgress;
import io.veriflow.domain.session.SessionPage;
import io.veriflow.domain.session.SessionQuery;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.SnapshotStatus;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sessions and their attempts in PostgreSQL: round trips, the optimistic lock, webhook routing, search. */
@MicronautTest(transactional = false)
class JdbcVerificationSessionsIT {

    private static final ProviderRef FIRST = new ProviderRef("idv_first0001");
    private static final ProviderRef SECOND = new ProviderRef("idv_second0002");
    private static final SubjectRef SUBJECT = new SubjectRef("user-42");

    @Inject
    VerificationSessions sessions;

    @Test
    void theRepositoryIsTheJdbcAdapter() {
        assertThat(sessions).isInstanceOf(JdbcVerificationSessions.class);
    }

    @Test
    void aSessionWithTwoAttemptsSnapshotsClientProgressAndStepsReloadsEqual() {
        TenantId tenant = aFreshTenant();
        VerificationSession started = aStartedSession(tenant, PLAID, SUBJECT, Optional.of(FIRST), T0);
        assertThat(sessions.add(started)).isEqualTo(started);

        VerificationSession session = aSessionRetriedAfterAFailedFirstAttempt(started);
        VerificationSession saved = sessions.save(session);

        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved).isEqualTo(withVersion(session, 1));
        VerificationSession reloaded = sessions.find(tenant, session.id()).orElseThrow();
        assertThat(reloaded).isEqualTo(saved);
        assertThat(reloaded.state()).isEqualTo(ProcessState.IN_PROGRESS).isEqualTo(session.state());
        assertThat(reloaded.decision()).isEmpty();
        assertThat(reloaded.steps()).isEqualTo(session.steps()).containsExactly(
                new Step(StandardStep.DOCUMENT, StepStatus.PENDING),
                new Step(StandardStep.SELFIE, StepStatus.ACTIVE));
        assertThat(reloaded.attempts()).hasSize(2);
        assertThat(reloaded.attempts().getFirst().decision()).contains(new Decision(Verdict.FAILED,
                List.of(new ReasonCode("document_failed"))));
        assertThat(reloaded.attempts().getFirst().steps()).isEqualTo(session.attempts().getFirst().steps());
        assertThat(reloaded.attempts().getFirst().client())
                .isEqualTo(new ClientProgress(ProcessState.IN_PROGRESS,
                        List.of(new Step(StandardStep.PHONE, StepStatus.PASSED))));
        assertThat(reloaded.currentAttempt().origin()).isEqualTo(AttemptOrigin.RETRY);
        assertThat(reloaded.currentAttempt().previousRef()).contains(FIRST);
        assertThat(reloaded.currentAttempt().resumedAt()).contains(T0.plusSeconds(140));

        SignalOutcome expiry = reloaded.expireIfOverdue(
                new ExpiryPolicy.PlatformExpires(Duration.ofMinutes(30)), T0.plus(Duration.ofHours(2)));
        VerificationSession expired = ((SignalOutcome.Changed) expiry).session();
        VerificationSession savedAgain = sessions.save(expired);

        assertThat(savedAgain.version()).isEqualTo(2);
        VerificationSession reloadedAgain = sessions.find(tenant, session.id()).orElseThrow();
        assertThat(reloadedAgain).isEqualTo(savedAgain);
        assertThat(reloadedAgain.state()).isEqualTo(ProcessState.EXPIRED);
        assertThat(reloadedAgain.currentAttempt().platformExpiredAt()).contains(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void aDecidedSessionReloadsWithItsDecision() {
        TenantId tenant = aFreshTenant();
        VerificationSession session = sessions.add(aStartedSession(tenant, FIRST, T0));
        VerificationSession decided = applied(session, authoritative(snapshot(FIRST, Optional.empty(),
                Optional.of(new SubjectRef("user-1")), SnapshotStatus.NEEDS_REVIEW,
                List.of(new Step(StandardStep.WATCHLIST, StepStatus.IN_REVIEW)),
                List.of(new ReasonCode("watchlist_hit")), T0.plusSeconds(5)), T0.plusSeconds(6)));

        VerificationSession saved = sessions.save(decided);

        VerificationSession reloaded = sessions.find(tenant, session.id()).orElseThrow();
        assertThat(reloaded).isEqualTo(saved);
        assertThat(reloaded.state()).isEqualTo(ProcessState.DECIDED);
        assertThat(reloaded.decision()).contains(Decision.of(Verdict.NEEDS_REVIEW, new ReasonCode("watchlist_hit")));
    }

    @Test
    void theSecondSaveOfTheSameLoadedVersionIsAConcurrentUpdate() {
        TenantId tenant = aFreshTenant();
        VerificationSession session = sessions.add(aStartedSession(tenant, FIRST, T0));
        VerificationSession loadedByOne = sessions.find(tenant, session.id()).orElseThrow();
        VerificationSession loadedByTwo = sessions.find(tenant, session.id()).orElseThrow();

        VerificationSession savedByOne = sessions.save(applied(loadedByOne,
                hint("one", new HintContent.FlowOpened(), T0.plusSeconds(1))));

        VerificationSession changedByTwo =
                applied(loadedByTwo, hint("two", new HintContent.FlowFinished(Optional.empty()), T0.plusSeconds(2)));
        assertThatExceptionOfType(ConcurrentSessionUpdate.class).isThrownBy(() -> sessions.save(changedByTwo));
        assertThat(sessions.find(tenant, session.id())).contains(savedByOne);
        assertThat(savedByOne.state()).isEqualTo(ProcessState.IN_PROGRESS);
    }

    @Test
    void ofTwoSavesRacingFromTheSameVersionExactlyOneWins() throws Exception {
        TenantId tenant = aFreshTenant();
        VerificationSession session = sessions.add(aStartedSession(tenant, FIRST, T0));
        VerificationSession one = applied(session, hint("one", new HintContent.FlowOpened(), T0.plusSeconds(1)));
        VerificationSession two =
                applied(session, hint("two", new HintContent.FlowExited(Optional.empty()), T0.plusSeconds(2)));
        CyclicBarrier start = new CyclicBarrier(2);

        List<Optional<VerificationSession>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Future<Optional<VerificationSession>>> saves = new ArrayList<>();
            for (VerificationSession changed : List.of(one, two)) {
                saves.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        return Optional.of(sessions.save(changed));
                    } catch (ConcurrentSessionUpdate lost) {
                        return Optional.<VerificationSession>empty();
                    }
                }));
            }
            for (Future<Optional<VerificationSession>> save : saves) {
                results.add(save.get(30, TimeUnit.SECONDS));
            }
        }

        List<VerificationSession> winners = results.stream().flatMap(Optional::stream).toList();
        assertThat(winners).hasSize(1);
        assertThat(sessions.find(tenant, session.id())).contains(winners.getFirst());
    }

    @Test
    void addRefusesASessionThatIsNotNew() {
        VerificationSession started = aStartedSession(aFreshTenant(), FIRST, T0);
        assertThatIllegalArgumentException().isThrownBy(() -> sessions.add(withVersion(started, 3)));
    }

    @Test
    void aWebhookForTheFirstAttemptFindsTheSessionAfterARetry() {
        TenantId tenant = aFreshTenant();
        ProviderRef first = new ProviderRef("idv_routing_first");
        ProviderRef second = new ProviderRef("idv_routing_second");
        VerificationSession started = sessions.add(aStartedSession(tenant, PLAID, SUBJECT, Optional.of(first), T0));
        VerificationSession failed = applied(started, authoritative(snapshot(first, Optional.empty(), Optional.empty(),
                SnapshotStatus.FAILED, List.of(), List.of(), T0.plusSeconds(10)), T0.plusSeconds(11)));
        VerificationSession retried = sessions.save(failed.retried(RETRYING_PROVIDER, RetryPlan.of(RetryMode.RESTART),
                second, Optional.empty(), T0.plusSeconds(20)).session());

        assertThat(sessions.findByProviderRef(PLAID, first)).contains(retried);
        assertThat(sessions.findByProviderRef(PLAID, second)).contains(retried);
        assertThat(sessions.findByProviderRef(PERSONA, first)).isEmpty();
        assertThat(sessions.findByProviderRef(PLAID, new ProviderRef("idv_unknown"))).isEmpty();
    }

    @Test
    void aReferenceClaimedBySessionsOfTwoTenantsIsRefusedRatherThanGuessed() {
        ProviderRef shared = new ProviderRef("idv_claimed_twice");
        sessions.add(aStartedSession(aFreshTenant(), shared, T0));
        sessions.add(aStartedSession(aFreshTenant(), shared, T0.plusSeconds(1)));

        assertThatIllegalStateException().isThrownBy(() -> sessions.findByProviderRef(PLAID, shared))
                .withMessageContaining("claimed by 2 sessions");
    }

    @Test
    void aSessionWithoutAConfirmedReferenceIsNotFoundByReference() {
        TenantId tenant = aFreshTenant();
        VerificationSession session =
                sessions.add(aStartedSession(tenant, PLAID, SUBJECT, Optional.empty(), T0));

        assertThat(sessions.find(tenant, session.id())).contains(session);
        assertThat(sessions.find(tenant, session.id()).orElseThrow().providerRef()).isEmpty();
        assertThat(sessions.findByProviderRef(PLAID, new ProviderRef("idv_never_confirmed"))).isEmpty();
    }

    @Test
    void anotherTenantsSessionIsNotFound() {
        TenantId owner = aFreshTenant();
        TenantId other = aFreshTenant();
        VerificationSession session = sessions.add(aStartedSession(owner, FIRST, T0));

        assertThat(sessions.find(owner, session.id())).contains(session);
        assertThat(sessions.find(other, session.id())).isEmpty();
        assertThat(sessions.search(query(other, 100)).sessions()).isEmpty();
        VerificationSession foreign = withTenant(session, other);
        assertThatExceptionOfType(ConcurrentSessionUpdate.class).isThrownBy(() -> sessions.save(foreign));
        assertThat(sessions.find(owner, session.id())).contains(session);
    }

    @Test
    void searchPagesThroughATenantsSessionsNewestFirst() {
        TenantId tenant = aFreshTenant();
        List<VerificationSession> oldestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            oldestFirst.add(sessions.add(aStartedSession(tenant, PLAID, new SubjectRef("user-" + i),
                    Optional.of(new ProviderRef("idv_page_" + i)), T0.plusSeconds(i))));
        }
        sessions.add(aStartedSession(aFreshTenant(), PLAID, SUBJECT, Optional.empty(), T0.plusSeconds(3)));

        SessionPage first = sessions.search(query(tenant, 2));
        assertThat(ids(first)).containsExactly(oldestFirst.get(4).id(), oldestFirst.get(3).id());
        assertThat(first.nextAfter()).contains(oldestFirst.get(3).id());
        assertThat(first.sessions().getFirst()).isEqualTo(oldestFirst.get(4));

        SessionPage second = sessions.search(after(query(tenant, 2), first.nextAfter().orElseThrow()));
        assertThat(ids(second)).containsExactly(oldestFirst.get(2).id(), oldestFirst.get(1).id());
        assertThat(second.nextAfter()).contains(oldestFirst.get(1).id());

        SessionPage last = sessions.search(after(query(tenant, 2), second.nextAfter().orElseThrow()));
        assertThat(ids(last)).containsExactly(oldestFirst.get(0).id());
        assertThat(last.nextAfter()).isEmpty();

        SessionPage exactlyFull = sessions.search(query(tenant, 5));
        assertThat(exactlyFull.sessions()).hasSize(5);
        assertThat(exactlyFull.nextAfter()).isEmpty();
    }

    @Test
    void searchFiltersBySubjectStateAndProvider() {
        TenantId tenant = aFreshTenant();
        SubjectRef alice = new SubjectRef("alice");
        SubjectRef bob = new SubjectRef("bob");
        VerificationSession aliceCreated =
                sessions.add(aStartedSession(tenant, PLAID, alice, Optional.of(new ProviderRef("idv_f1")), T0));
        VerificationSession aliceSubmitted = sessions.save(applied(
                sessions.add(aStartedSession(tenant, PERSONA, alice, Optional.of(new ProviderRef("inq_f2")),
                        T0.plusSeconds(1))),
                hint("finished", new HintContent.FlowFinished(Optional.of("completed")), T0.plusSeconds(2))));
        VerificationSession bobInProgress = sessions.save(applied(
                sessions.add(aStartedSession(tenant, PLAID, bob, Optional.of(new ProviderRef("idv_f3")),
                        T0.plusSeconds(3))),
                hint("opened", new HintContent.FlowOpened(), T0.plusSeconds(4))));
        VerificationSession bobPersona = sessions.add(aStartedSession(tenant, PERSONA, bob,
                Optional.of(new ProviderRef("inq_f4")), T0.plusSeconds(5)));

        assertThat(ids(sessions.search(filtered(tenant, Optional.of(alice), Optional.empty(), Optional.empty()))))
                .containsExactly(aliceSubmitted.id(), aliceCreated.id());
        assertThat(ids(sessions.search(filtered(tenant, Optional.empty(), Optional.of(ProcessState.SUBMITTED),
                Optional.empty())))).containsExactly(aliceSubmitted.id());
        assertThat(ids(sessions.search(filtered(tenant, Optional.empty(), Optional.of(ProcessState.CREATED),
                Optional.empty())))).containsExactly(bobPersona.id(), aliceCreated.id());
        assertThat(ids(sessions.search(filtered(tenant, Optional.empty(), Optional.empty(), Optional.of(PLAID)))))
                .containsExactly(bobInProgress.id(), aliceCreated.id());
        assertThat(sessions.search(filtered(tenant, Optional.of(bob), Optional.empty(), Optional.of(PERSONA)))
                .sessions()).containsExactly(bobPersona);
        assertThat(ids(sessions.search(filtered(tenant, Optional.of(bob), Optional.of(ProcessState.IN_PROGRESS),
                Optional.of(PLAID))))).containsExactly(bobInProgress.id());
        assertThat(sessions.search(filtered(tenant, Optional.of(alice), Optional.of(ProcessState.IN_PROGRESS),
                Optional.empty())).sessions()).isEmpty();

        SessionQuery aliceOnePerPage = new SessionQuery(tenant, Optional.of(alice), Optional.empty(),
                Optional.empty(), Optional.empty(), 1);
        SessionPage page = sessions.search(aliceOnePerPage);
        assertThat(ids(page)).containsExactly(aliceSubmitted.id());
        assertThat(ids(sessions.search(after(aliceOnePerPage, page.nextAfter().orElseThrow()))))
                .containsExactly(aliceCreated.id());
    }

    /**
     * Attempt 1: a client step, then an authoritative failure. Attempt 2 (a platform retry, with the provider's
     * view): the user left, was handed the flow again, and reported a step.
     */
    private static VerificationSession aSessionRetriedAfterAFailedFirstAttempt(VerificationSession started) {
        VerificationSession session = applied(started,
                hint("h1", new HintContent.StepReported(StandardStep.PHONE, StepStatus.PASSED), T0.plusSeconds(10)));
        session = applied(session, authoritative(snapshot(FIRST, Optional.empty(), Optional.of(SUBJECT),
                SnapshotStatus.FAILED,
                List.of(new Step(StandardStep.PHONE, StepStatus.PASSED),
                        new Step(StandardStep.DOCUMENT, StepStatus.FAILED),
                        new Step(new OtherStep("kyc_extra"), StepStatus.SKIPPED)),
                List.of(), Instant.parse("2025-03-01T10:01:00.123456789Z")), T0.plusSeconds(61)));
        session = session.retried(RETRYING_PROVIDER, RetryPlan.of(RetryMode.RESTART), SECOND,
                Optional.of(snapshot(SECOND, Optional.of(FIRST), Optional.empty(), SnapshotStatus.IN_PROGRESS,
                        List.of(new Step(StandardStep.DOCUMENT, StepStatus.PENDING)), List.of(),
                        T0.plusSeconds(119))),
                T0.plusSeconds(120)).session();
        session = applied(session, hint("h2", new HintContent.FlowExited(Optional.empty()), T0.plusSeconds(130)));
        session = session.resumed(RETRYING_PROVIDER, Optional.empty(), T0.plusSeconds(140)).session();
        return applied(session,
                hint("h3", new HintContent.StepReported(StandardStep.SELFIE, StepStatus.ACTIVE), T0.plusSeconds(150)));
    }

    private static VerificationSession withVersion(VerificationSession s, long version) {
        return new VerificationSession(s.id(), s.tenant(), s.provider(), s.subject(), s.template(), s.attempts(),
                s.createdAt(), s.updatedAt(), version);
    }

    private static VerificationSession withTenant(VerificationSession s, TenantId tenant) {
        return new VerificationSession(s.id(), tenant, s.provider(), s.subject(), s.template(), s.attempts(),
                s.createdAt(), s.updatedAt(), s.version());
    }

    private static SessionQuery query(TenantId tenant, int limit) {
        return new SessionQuery(tenant, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    private static SessionQuery filtered(
            TenantId tenant, Optional<SubjectRef> subject, Optional<ProcessState> state, Optional<ProviderId> provider) {
        return new SessionQuery(tenant, subject, state, provider, Optional.empty(), SessionQuery.MAX_LIMIT);
    }

    private static SessionQuery after(SessionQuery query, SessionId after) {
        return new SessionQuery(query.tenant(), query.subject(), query.state(), query.provider(), Optional.of(after),
                query.limit());
    }

    private static List<SessionId> ids(SessionPage page) {
        return page.sessions().stream().map(VerificationSession::id).toList();
    }
}
