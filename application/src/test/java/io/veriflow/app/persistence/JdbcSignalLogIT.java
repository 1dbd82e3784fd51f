package io.veriflow.app.persistence;

import static io.veriflow.app.persistence.Sessions.PERSONA;
import static io.veriflow.app.persistence.Sessions.PLAID;
import static io.veriflow.app.persistence.Sessions.T0;
import static io.veriflow.app.persistence.Sessions.aFreshTenant;
import static io.veriflow.app.persistence.Sessions.aStartedSession;
import static io.veriflow.app.persistence.Sessions.meta;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.port.out.SignalLog.Appended;
import io.veriflow.domain.port.out.SignalLog.Effect;
import io.veriflow.domain.port.out.SignalLog.Entry;
import io.veriflow.domain.port.out.SignalLog.Result;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.signal.Authority;
import io.veriflow.domain.signal.SignalMeta;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The signal log in PostgreSQL: de-duplication that holds under concurrency, and the timeline. */
@MicronautTest(transactional = false)
class JdbcSignalLogIT {

    private static final int RACES = 20;

    @Inject
    SignalLog log;

    @Inject
    VerificationSessions sessions;

    @Test
    void theSignalLogIsTheJdbcAdapter() {
        assertThat(log).isInstanceOf(JdbcSignalLog.class);
    }

    @Test
    void twoThreadsAppendingTheSameSignalLeaveOneRowAndOnlyOneOfThemAppends() throws Exception {
        TenantId tenant = aFreshTenant();
        VerificationSession session = aSession(tenant);

        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int race = 0; race < RACES; race++) {
                Entry entry = webhook(session, "evt_race_" + race, Result.CHANGED);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Appended>> appends = new ArrayList<>();
                for (int thread = 0; thread < 2; thread++) {
                    appends.add(threads.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return log.append(entry);
                    }));
                }
                List<Appended> results = new ArrayList<>();
                for (Future<Appended> append : appends) {
                    results.add(append.get(30, TimeUnit.SECONDS));
                }
                assertThat(results).as("race %d", race)
                        .containsExactlyInAnyOrder(Appended.APPENDED, Appended.ALREADY_RECORDED);
            }
        }

        List<Entry> timeline = log.timeline(tenant, session.id());
        assertThat(timeline).hasSize(RACES);
        assertThat(timeline).extracting(entry -> entry.meta().dedupeKey().value()).doesNotHaveDuplicates();
    }

    @Test
    void aDuplicateIsAlreadyRecordedAndTheFirstEntryIsKept() {
        TenantId tenant = aFreshTenant();
        VerificationSession session = aSession(tenant);
        Entry first = webhook(session, "evt_dup", Result.CHANGED);
        Entry redelivery = webhook(session, "evt_dup", Result.IGNORED);

        assertThat(log.append(first)).isEqualTo(Appended.APPENDED);
        assertThat(log.append(redelivery)).isEqualTo(Appended.ALREADY_RECORDED);

        assertThat(log.timeline(tenant, session.id())).containsExactly(first);
    }

    @Test
    void theSameDedupeKeyFromAnotherProviderOrTenantIsAnotherSignal() {
        TenantId tenant = aFreshTenant();
        TenantId otherTenant = aFreshTenant();
        VerificationSession session = aSession(tenant);
        VerificationSession otherTenantsSession = aSession(otherTenant);
        Entry plaid = webhook(session, "evt_shared", Result.CHANGED);
        Entry persona = withProvider(webhook(session, "evt_shared", Result.CHANGED), PERSONA);
        Entry otherTenants = webhook(otherTenantsSession, "evt_shared", Result.CHANGED);

        assertThat(log.append(plaid)).isEqualTo(Appended.APPENDED);
        assertThat(log.append(persona)).isEqualTo(Appended.APPENDED);
        assertThat(log.append(otherTenants)).isEqualTo(Appended.APPENDED);

        assertThat(log.timeline(tenant, session.id())).containsExactly(plaid, persona);
        assertThat(log.timeline(otherTenant, otherTenantsSession.id())).containsExactly(otherTenants);
        assertThat(log.timeline(otherTenant, session.id())).isEmpty();
    }

    @Test
    void theTimelineKeepsEveryFieldInTheOrderReceived() {
        TenantId tenant = aFreshTenant();
        VerificationSession session = aSession(tenant);
        Entry hint = new Entry(tenant, session.id(), PLAID,
                new SignalMeta(new DedupeKey("cb_1"), new SignalName("plaid.link.onExit"), Optional.empty(),
                        T0.plusSeconds(1)),
                Authority.CLIENT_HINT,
                new Effect(Result.CHANGED, Optional.empty(), List.of("SessionAbandoned", "StepProgressed")),
                new RawPayload("{\"status\":\"requires_questions\",\"link_session_id\":\"ls_1\"}"));
        Entry stale = new Entry(tenant, session.id(), PLAID,
                meta("api_2", "plaid.api.identity_verification", T0.plusSeconds(2)),
                Authority.AUTHORITATIVE,
                new Effect(Result.IGNORED, Optional.of("STALE_SNAPSHOT"), List.of()),
                RawPayload.NONE);
        Entry rejected = new Entry(tenant, session.id(), PLAID,
                meta("evt_3", "plaid.webhook.STATUS_UPDATED", T0.plusSeconds(3)),
                Authority.NOTIFICATION,
                new Effect(Result.REJECTED, Optional.of("UNRELATED_REFERENCE"), List.of()),
                new RawPayload("{\"webhook_code\": \"STATUS_UPDATED\"}"));

        log.append(hint);
        log.append(stale);
        log.append(rejected);

        List<Entry> timeline = log.timeline(tenant, session.id());
        assertThat(timeline).hasSize(3);
        assertThat(timeline.get(0)).usingRecursiveComparison().ignoringFields("payload").isEqualTo(hint);
        assertThat(timeline.get(1)).isEqualTo(stale);
        assertThat(timeline.get(2)).usingRecursiveComparison().ignoringFields("payload").isEqualTo(rejected);
        // jsonb keeps the content, not the formatting or key order.
        assertThat(timeline.get(0).payload().json()).contains("\"link_session_id\": \"ls_1\"");
        assertThat(timeline.get(2).payload().json()).isEqualTo("{\"webhook_code\": \"STATUS_UPDATED\"}");
    }

    private VerificationSession aSession(TenantId tenant) {
        return sessions.add(aStartedSession(tenant, new ProviderRef("idv_log"), T0));
    }

    private static Entry webhook(VerificationSession session, String dedupeKey, Result result) {
        return new Entry(session.tenant(), session.id(), session.provider(),
                meta(dedupeKey, "plaid.webhook.STATUS_UPDATED", T0.plusSeconds(5)), Authority.NOTIFICATION,
                new Effect(result, Optional.empty(), List.of()), new RawPayload("{\"id\": \"" + dedupeKey + "\"}"));
    }

    private static Entry withProvider(Entry entry, ProviderId provider) {
        return new Entry(entry.tenant(), entry.session(), provider, entry.meta(), entry.authority(), entry.effect(),
                entry.payload());
    }
}
