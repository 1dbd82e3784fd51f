package io.veriflow.app.notify.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.session.SessionEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The body of each notification type, written out exactly, and the rules that hold for all of them. */
class NotificationPayloadTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final NotificationPayload PAYLOAD = new NotificationPayload(JSON);

    private static final String HEAD = "{'id':'6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b','type':'%s','sequence':4,"
            + "'occurred_at':'2025-03-01T12:00:00.123456Z','data':{'session_id':'0195a1b2-c3d4-7abc-8def-0123456789ab',"
            + "'tenant_id':'acme','provider':'plaid'";

    @Test
    void everySessionEventHasASampleAndAType() {
        Set<Class<?>> sampled = Events.oneOfEach().stream().map(Object::getClass).collect(Collectors.toSet());

        assertThat(SessionEvent.class.getPermittedSubclasses()).hasSize(NotificationType.values().length);
        assertThat(sampled).containsExactlyInAnyOrder(SessionEvent.class.getPermittedSubclasses());
        assertThat(Events.oneOfEach().stream().map(NotificationType::of))
                .containsExactly(NotificationType.values());
    }

    @Test
    void typeNamesAreStableDottedNames() {
        assertThat(Arrays.stream(NotificationType.values()).map(NotificationType::wireName)).containsExactly(
                "session.started", "session.in_progress", "session.abandoned", "session.submitted",
                "session.decided", "session.decision_changed", "session.expired", "session.canceled",
                "session.reopened", "session.resumed", "session.attempt_retried", "session.step_progressed");
        for (NotificationType type : NotificationType.values()) {
            assertThat(NotificationType.fromWireName(type.wireName())).contains(type);
        }
        assertThat(NotificationType.fromWireName("session.unknown")).isEmpty();
    }

    @Test
    void sessionStarted() {
        assertThat(render(Events.started())).isEqualTo(json(HEAD.formatted("session.started")
                + ",'subject_ref':'user-8c2f41','template_ref':'idvtmp_4FrXJvfQU3zGUR','state':'created'}}"));
    }

    @Test
    void sessionInProgress() {
        assertThat(render(Events.oneOfEach().get(1)))
                .isEqualTo(json(HEAD.formatted("session.in_progress") + ",'state':'in_progress'}}"));
    }

    @Test
    void sessionAbandoned() {
        assertThat(render(Events.oneOfEach().get(2)))
                .isEqualTo(json(HEAD.formatted("session.abandoned") + ",'state':'abandoned'}}"));
    }

    @Test
    void sessionSubmitted() {
        assertThat(render(Events.oneOfEach().get(3)))
                .isEqualTo(json(HEAD.formatted("session.submitted") + ",'state':'submitted'}}"));
    }

    @Test
    void sessionDecided() {
        assertThat(render(Events.decidedFailed())).isEqualTo(json(HEAD.formatted("session.decided")
                + ",'state':'decided',"
                + "'decision':{'verdict':'failed','reasons':['document_failed','watchlist_hit']}}}"));
    }

    @Test
    void sessionDecisionChanged() {
        assertThat(render(Events.oneOfEach().get(5))).isEqualTo(json(HEAD.formatted("session.decision_changed")
                + ",'state':'decided','decision':{'verdict':'passed','reasons':[]},"
                + "'previous_decision':{'verdict':'needs_review','reasons':['watchlist_in_review']}}}"));
    }

    @Test
    void sessionExpired() {
        assertThat(render(Events.oneOfEach().get(6)))
                .isEqualTo(json(HEAD.formatted("session.expired") + ",'state':'expired'}}"));
    }

    @Test
    void sessionCanceled() {
        assertThat(render(Events.oneOfEach().get(7)))
                .isEqualTo(json(HEAD.formatted("session.canceled") + ",'state':'canceled'}}"));
    }

    @Test
    void sessionReopened() {
        assertThat(render(Events.oneOfEach().get(8))).isEqualTo(json(HEAD.formatted("session.reopened")
                + ",'state':'in_progress','previous_state':'expired'}}"));
    }

    @Test
    void sessionResumed() {
        assertThat(render(Events.oneOfEach().get(9))).isEqualTo(json(HEAD.formatted("session.resumed") + "}}"));
    }

    @Test
    void sessionAttemptRetried() {
        assertThat(render(Events.oneOfEach().get(10))).isEqualTo(json(HEAD.formatted("session.attempt_retried")
                + ",'attempt':{'number':2,'origin':'retry','provider_ref':'idv_52xR9LKo77r1Np'}}}"));
    }

    @Test
    void sessionStepProgressed() {
        assertThat(render(Events.oneOfEach().get(11))).isEqualTo(json(HEAD.formatted("session.step_progressed")
                + ",'step':{'kind':'document','status':'passed','previous_status':'active'}}}"));
    }

    @Test
    void aNewProviderSpecificStepHasNoPreviousStatus() {
        assertThat(render(Events.newOtherStep())).isEqualTo(json(HEAD.formatted("session.step_progressed")
                + ",'step':{'kind':'proof-of-address','status':'active'}}}"));
    }

    @ParameterizedTest
    @MethodSource("io.veriflow.app.notify.payload.Events#oneOfEach")
    void onlySessionStartedCarriesTheSubjectRef(SessionEvent event) {
        String body = render(event);

        if (event instanceof SessionEvent.SessionStarted) {
            assertThat(body).contains("\"subject_ref\":\"" + Events.SUBJECT.value() + "\"");
        } else {
            assertThat(body).doesNotContain("subject_ref").doesNotContain(Events.SUBJECT.value());
        }
    }

    @ParameterizedTest
    @MethodSource("io.veriflow.app.notify.payload.Events#oneOfEach")
    void bodiesHaveNoNullsAndReadBackAsTheSameValue(SessionEvent event) throws IOException {
        byte[] bytes = PAYLOAD.render(Events.envelope(event));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("null");
        assertThat(JSON.readValue(bytes, NotificationBody.class))
                .isEqualTo(NotificationPayload.describe(Events.envelope(event)));
    }

    @ParameterizedTest
    @MethodSource("io.veriflow.app.notify.payload.Events#oneOfEach")
    void renderingIsDeterministic(SessionEvent event) {
        assertThat(PAYLOAD.render(Events.envelope(event))).isEqualTo(PAYLOAD.render(Events.envelope(event)));
    }

    @Test
    void anEnvelopeMustNameTheStartedSessionsProvider() {
        assertThatThrownBy(() -> new NotificationEnvelope(
                        Events.NOTIFICATION, 1, Events.TENANT, new ProviderId("persona"), Events.started()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sequencesStartAtOne() {
        assertThatThrownBy(() -> new NotificationEnvelope(
                        Events.NOTIFICATION, 0, Events.TENANT, Events.PROVIDER, Events.decidedFailed()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Events.envelope(Events.decidedFailed()).type()).isEqualTo(NotificationType.SESSION_DECIDED);
    }

    private static String render(SessionEvent event) {
        return new String(PAYLOAD.render(Events.envelope(event)), StandardCharsets.UTF_8);
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
