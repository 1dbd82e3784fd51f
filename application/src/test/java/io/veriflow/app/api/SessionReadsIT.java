package io.veriflow.app.api;

import static io.veriflow.app.api.ProblemAssertions.assertField;
import static io.veriflow.app.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.api.testprovider.TestProvider;
import io.veriflow.app.security.Tenants;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading sessions: by id, as filtered pages, and their timelines; always within the caller's tenant. */
@MicronautTest(transactional = false)
@Property(name = TestProvider.ENABLED, value = "true")
class SessionReadsIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    Api api;

    @BeforeEach
    void driver() {
        api = new Api(client, json, tenants);
    }

    @Test
    void aSessionReadsBackAsItWasStarted() {
        Api.Reply started = api.started("initech", "tmpl_basic", "reader-1");

        Api.Reply read = api.get("initech", "/v1/sessions/" + started.sessionId());

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.object()).isEqualTo(started.session());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDecidedSessionShowsItsDecisionWithReasons() {
        Api.Reply started = api.started("initech", "tmpl_failed", "reader-2");

        Map<String, Object> session = api.get("initech", "/v1/sessions/" + started.sessionId()).object();

        assertThat(session).containsEntry("state", "decided");
        assertThat((Map<String, Object>) session.get("decision"))
                .containsEntry("verdict", "failed")
                .containsEntry("reasons", List.of("document_failed"));
    }

    @Test
    void anotherTenantsSessionIsNotFoundAndShowsNothingOfIt() {
        Api.Reply started = api.started("initech", "tmpl_basic", "private-subject-3");
        String id = started.sessionId();

        Api.Reply read = api.get("hooli", "/v1/sessions/" + id);
        Api.Reply timeline = api.get("hooli", "/v1/sessions/" + id + "/timeline");
        Api.Reply resume = api.post("hooli", "/v1/sessions/" + id + "/resume", Map.of());
        Api.Reply listed = api.get("hooli", "/v1/sessions?subject=private-subject-3");

        assertProblem(read, 404, "not-found");
        assertProblem(timeline, 404, "not-found");
        assertProblem(resume, 404, "not-found");
        assertThat(read.body()).doesNotContain("private-subject-3");
        assertThat(listed.object().get("data")).isEqualTo(List.of());
    }

    @Test
    void anUnknownSessionIsNotFound() {
        Api.Reply read = api.get("initech", "/v1/sessions/01890a5d-ac96-774b-bcce-b302099a8057");

        assertProblem(read, 404, "not-found");
    }

    @Test
    void aMalformedSessionIdIsRefusedNamingThePathVariable() {
        assertField(assertProblem(api.get("initech", "/v1/sessions/not-a-uuid"), 400, "invalid-field"), "id");
        assertField(assertProblem(api.get("initech", "/v1/sessions/not-a-uuid/timeline"), 400, "invalid-field"),
                "id");
        // A UUID, but not a version 7 one: not a session id either.
        assertField(assertProblem(api.get("initech", "/v1/sessions/3f1c2d6e-8a4b-4c3d-9e2f-1a2b3c4d5e6f"), 400,
                "invalid-field"), "id");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsAreFilteredAndPagedNewestFirstByCursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.started("umbrella", "tmpl_basic", "pager").sessionId());
        }
        String decided = api.started("umbrella", "tmpl_passed", "pager").sessionId();
        api.started("umbrella", "tmpl_basic", "someone-else");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/v1/sessions?subject=pager&state=created&provider=testprov&limit=2"
                    + (cursor == null ? "" : "&after=" + cursor);
            Map<String, Object> page = api.get("umbrella", path).object();
            for (Map<String, Object> session : (List<Map<String, Object>>) page.get("data")) {
                assertThat(session).containsEntry("subject", "pager").containsEntry("state", "created");
                seen.add((String) session.get("id"));
            }
            cursor = (String) page.get("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        assertThat(pages).isEqualTo(3);
        Map<String, Object> decidedOnly = api.get("umbrella", "/v1/sessions?state=decided").object();
        assertThat((List<Map<String, Object>>) decidedOnly.get("data")).extracting(session -> session.get("id"))
                .containsExactly(decided);
        assertThat(decidedOnly).containsEntry("next_cursor", null);
    }

    @Test
    void invalidListParametersAreRefusedNamingTheParameter() {
        assertField(assertProblem(api.get("umbrella", "/v1/sessions?state=finished"), 400, "invalid-field"),
                "state");
        assertField(assertProblem(api.get("umbrella", "/v1/sessions?limit=0"), 400, "invalid-field"), "limit");
        assertField(assertProblem(api.get("umbrella", "/v1/sessions?limit=101"), 400, "invalid-field"), "limit");
        assertField(assertProblem(api.get("umbrella", "/v1/sessions?limit=ten"), 400, "invalid-field"), "limit");
        assertField(assertProblem(api.get("umbrella", "/v1/sessions?after=page-2"), 400, "invalid-field"),
                "after");
        assertField(assertProblem(api.get("umbrella", "/v1/sessions?provider=Not_A_Provider"), 400,
                "invalid-field"), "provider");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTimelineShowsTheStartSnapshotWithoutPayloads() {
        Api.Reply started = api.started("initech", "tmpl_passed", "reader-4");

        Api.Reply timeline = api.get("initech", "/v1/sessions/" + started.sessionId() + "/timeline");

        assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
        List<Object> entries = timeline.array();
        assertThat(entries).hasSize(1);
        Map<String, Object> entry = (Map<String, Object>) entries.getFirst();
        assertThat(entry).containsEntry("name", "testprov.api.start")
                .containsEntry("authority", "authoritative")
                .containsEntry("result", "changed")
                .containsEntry("reason", null)
                .containsKeys("received_at", "occurred_at")
                .doesNotContainKey("payload");
        assertThat((List<String>) entry.get("events")).contains("session_decided");
    }
}
