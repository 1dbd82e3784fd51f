package io.veriflow.app.e2e.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plaid webhook verification through the running service: every forgery is refused (401) before anything is
 * recorded or reconciled, a key Plaid cannot serve now is 503 with {@code Retry-After} (Plaid delivers again), nothing
 * is ever a 500, and the same body with a genuine signature is then recorded. The session is bound to its attempt
 * first, so an accepted webhook would visibly record a signal and fetch the attempt.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "veriflow.work.enabled", value = "true")
@Property(name = "veriflow.work.poll-interval", value = "20ms")
@Property(name = "veriflow.providers.plaid.resilience.rate-limiter.limit-for-period", value = "100000")
class PlaidWebhookSignatureIT implements TestPropertyProvider {

    private final FakePlaidApi plaid = new FakePlaidApi();

    @Inject
    ApplicationContext context;

    @Override
    public Map<String, String> getProperties() {
        return plaid.serviceProperties();
    }

    @AfterAll
    void closePlaid() {
        plaid.close();
    }

    @Test
    void forgedStaleOrUnverifiableWebhooksAreRefusedAndNothingIsApplied() {
        PlaidWorld w = new PlaidWorld(plaid, context);
        Story story = Story.fixture();
        plaid.attemptIs(story, "active");
        PlaidWorld.Started started = w.start("signatures", Story.TEMPLATE, Story.USER);
        w.forward(started, story.bytes("link_callbacks/web/onExit.idv.user_closed.json"));
        assertThat(w.settled(started).text("attempts/0/provider_ref")).isEqualTo(Story.ATTEMPT_1);
        plaid.attemptIs(story, "failed"); // what an accepted STATUS_UPDATED would lead to

        byte[] body = story.bytes("webhooks/identity_verification.status_updated.failed.json");
        WebhookSigner ours = plaid.signer();
        WebhookSigner stranger = new WebhookSigner(ours.kid()); // same kid, another private key
        WebhookSigner unknownToPlaid = new WebhookSigner("kid-plaid-never-issued");
        WebhookSigner plaidCannotServe = new WebhookSigner("kid-plaid-fails-to-serve");
        plaid.keyFetchFails(plaidCannotServe.kid());
        Instant now = Instant.now();
        byte[] compact = story.text("webhooks/identity_verification.status_updated.failed.json")
                .replaceAll("\\s+", "").getBytes(StandardCharsets.UTF_8);
        byte[] vector01 = Story.raw("webhook_verification/vector01.body.json").getBytes(StandardCharsets.UTF_8);

        Map<String, Attempt> refused = new LinkedHashMap<>();
        refused.put("no Plaid-Verification header", new Attempt(body, null));
        refused.put("not a JWS", new Attempt(body, "not-a-jwt"));
        refused.put("tampered body (one byte changed)",
                new Attempt(WebhookSigner.withOneByteChanged(body, body.length - 5), ours.sign(body, now)));
        refused.put("body re-serialised compactly", new Attempt(compact, ours.sign(body, now)));
        refused.put("claims the hash of another body",
                new Attempt(body, ours.sign(story.bytes("webhooks/identity_verification.retried.json"), now)));
        refused.put("alg none", new Attempt(body, ours.unsigned(body, now)));
        refused.put("alg HS256 keyed with the public JWK", new Attempt(body, ours.hs256(body, now)));
        refused.put("alg ES512 header", new Attempt(body, ours.es256(WebhookSigner.header("ES512", ours.kid()),
                WebhookSigner.claims(WebhookSigner.sha256Hex(body), now))));
        refused.put("signed by another key under Plaid's kid", new Attempt(body, stranger.sign(body, now)));
        refused.put("kid Plaid does not know", new Attempt(body, unknownToPlaid.sign(body, now)));
        refused.put("stale iat (6 minutes old)", new Attempt(body, ours.sign(body, now.minus(Duration.ofMinutes(6)))));
        refused.put("iat 5 minutes in the future", new Attempt(body, ours.sign(body, now.plus(Duration.ofMinutes(5)))));
        refused.put("no iat", new Attempt(body, ours.es256(WebhookSigner.header("ES256", ours.kid()),
                "{\"request_body_sha256\":\"" + WebhookSigner.sha256Hex(body) + "\"}")));
        refused.put("shared vector04 (forged alg HS256)", new Attempt(vector01,
                Story.raw("webhook_verification/vector04_alg_hs256.plaid_verification_header.txt").strip()));
        refused.put("shared vector05 (alg none)", new Attempt(vector01,
                Story.raw("webhook_verification/vector05_alg_none.plaid_verification_header.txt").strip()));
        refused.put("shared vector01 (genuine, fixture key1, but its iat is long past)", new Attempt(vector01,
                Story.raw("webhook_verification/vector01.plaid_verification_header.txt").strip()));

        int signals = w.rows.signals(started.session()).size();
        int fetches = plaid.received(FakePlaidApi.IDV_GET, Story.ATTEMPT_1).size();
        refused.forEach((name, attempt) -> {
            Veriflow.Reply reply = w.veriflow.webhook(attempt.body(), attempt.header());
            assertThat(reply.status()).as("%s: %s", name, reply).isEqualTo(401);
            assertThat(reply.text("outcome")).as(name).isEqualTo("refused");
        });

        Veriflow.Reply unavailable = w.veriflow.webhook(body, plaidCannotServe.sign(body, now));
        assertThat(unavailable.status()).as("key fetch fails: %s", unavailable).isEqualTo(503);
        assertThat(unavailable.header("Retry-After")).isPresent();
        assertThat(plaid.received(FakePlaidApi.KEY_GET, plaidCannotServe.kid())).hasSize(1);

        assertThat(w.rows.signals(started.session())).as("nothing recorded").hasSize(signals);
        assertThat(w.rows.unfinishedReconciles(started.session())).as("nothing scheduled").isZero();
        Veriflow.Reply untouched = w.session(started);
        assertThat(untouched.text("state")).isEqualTo("abandoned");
        assertThat(plaid.received(FakePlaidApi.IDV_GET, Story.ATTEMPT_1)).as("nothing fetched").hasSize(fetches);

        // The same body, genuinely signed now: recorded, and it converges.
        Veriflow.Reply genuine = w.veriflow.plaidWebhook(body);
        assertThat(genuine.status()).as("%s", genuine).isEqualTo(200);
        assertThat(genuine.text("outcome")).isEqualTo("recorded");
        Veriflow.Reply decided = w.settled(started);
        assertThat(decided.text("decision/verdict")).isEqualTo("failed");
        assertThat(w.rows.signals(started.session()).subList(signals, w.rows.signals(started.session()).size()))
                .extracting(row -> row.get("name"))
                .contains("plaid.webhook.STATUS_UPDATED", "plaid.api.fetch");
    }

    @Test
    void verifiedWebhooksPlaidDoesNotDefineForIdvAreAcknowledgedAndNotRecorded() {
        PlaidWorld w = new PlaidWorld(plaid, context);
        Story story = Story.suffixed("Ig");
        plaid.attemptIs(story, "active");
        PlaidWorld.Started started = w.start("ignored-codes", Story.TEMPLATE, story.user());
        w.forward(started, story.bytes("link_callbacks/web/onExit.idv.user_closed.json"));
        w.settled(started);
        int signals = w.rows.signals(started.session()).size();

        assertThat(w.webhookAcknowledged(story.text("webhooks/identity_verification.unknown_code.json")
                .replace(story.attempt2(), story.attempt1()).getBytes(StandardCharsets.UTF_8))
                .text("outcome")).isEqualTo("ignored");
        assertThat(w.webhookAcknowledged(story.bytes("webhooks/link.session_finished.json")).text("outcome"))
                .isEqualTo("ignored");
        Veriflow.Reply notJson = w.veriflow.plaidWebhook("[1,2,3]".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson.status()).as("%s", notJson).isEqualTo(400);

        assertThat(w.rows.signals(started.session())).hasSize(signals);
        assertThat(w.rows.unfinishedReconciles(started.session())).isZero();
    }

    private record Attempt(byte[] body, String header) {
    }
}
