package io.veriflow.app.e2e.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.veriflow.app.security.Tenants;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything a Plaid story touches: the fake Plaid API, the running service over HTTP and its tables. Stories read as
 * the product team's and Plaid's actions followed by what the session's API answers once reconciliation has settled.
 */
final class PlaidWorld {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    final FakePlaidApi plaid;
    final Veriflow veriflow;
    final Rows rows;

    /** A started session: who owns it, its id, the browser-safe client secret, the first link token. */
    record Started(Veriflow.Tenant tenant, String session, String clientSecret, String linkToken) {
    }

    PlaidWorld(FakePlaidApi plaid, ApplicationContext context) {
        this.plaid = plaid;
        URI base = URI.create(context.getBean(EmbeddedServer.class).getURL().toString());
        this.veriflow = new Veriflow(base, context.getBean(JsonMapper.class), context.getBean(Tenants.class), plaid);
        this.rows = new Rows(context);
    }

    /** Starts a Plaid session for a new tenant and checks the answer. */
    Started start(String tenantPrefix, String template, String subject) {
        Veriflow.Tenant tenant = veriflow.tenant(tenantPrefix);
        Veriflow.Reply reply = veriflow.start(tenant, template, subject);
        assertThat(reply.status()).as("start: %s", reply).isEqualTo(201);
        assertThat(reply.text("session/provider")).isEqualTo("plaid");
        assertThat(reply.text("session/subject")).isEqualTo(subject);
        assertThat(reply.text("session/template")).isEqualTo(template);
        assertThat(reply.text("launch/token")).as("the Link token").startsWith("link-sandbox-e2e-");
        assertThat(reply.text("client_secret")).startsWith("vfcs_");
        return new Started(tenant, reply.text("session/id"), reply.text("client_secret"), reply.text("launch/token"));
    }

    /** The front end forwards a Link callback; it is accepted (recorded, or a duplicate). */
    Veriflow.Reply forward(Started started, byte[] callback) {
        Veriflow.Reply reply = veriflow.callback(started.session(), started.clientSecret(), callback);
        assertThat(reply.status()).as("callback: %s", reply).isEqualTo(202);
        return reply;
    }

    /** Plaid delivers a signed webhook and it is acknowledged. */
    Veriflow.Reply webhookAcknowledged(byte[] body) {
        Veriflow.Reply reply = veriflow.plaidWebhook(body);
        assertThat(reply.status()).as("webhook: %s", reply).isEqualTo(200);
        return reply;
    }

    /** The session once every reconcile it asked for has run. */
    Veriflow.Reply settled(Started started) {
        Eventually.await("reconciles of session " + started.session() + " done", PATIENCE,
                () -> rows.unfinishedReconciles(started.session()), unfinished -> unfinished == 0);
        return session(started);
    }

    /** The session once {@code condition} holds. */
    Veriflow.Reply awaitSession(Started started, String what, Predicate<Veriflow.Reply> condition) {
        return Eventually.await(what, PATIENCE, () -> session(started), condition);
    }

    Veriflow.Reply session(Started started) {
        Veriflow.Reply reply = veriflow.session(started.tenant(), started.session());
        assertThat(reply.status()).as("read: %s", reply).isEqualTo(200);
        return reply;
    }

    List<Object> timeline(Started started) {
        Veriflow.Reply reply = veriflow.timeline(started.tenant(), started.session());
        assertThat(reply.status()).as("timeline: %s", reply).isEqualTo(200);
        return reply.list("");
    }

    /** Timeline entries with this signal name. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> timeline(Started started, String name) {
        return timeline(started).stream().map(entry -> (Map<String, Object>) entry)
                .filter(entry -> name.equals(entry.get("name"))).toList();
    }

    static void assertProblem(Veriflow.Reply reply, int status, String slug, String reason) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.text("type")).isEqualTo("https://veriflow.io/problems/" + slug);
        assertThat(reply.text("status")).isEqualTo(Integer.toString(status));
        if (reason != null) {
            assertThat(reply.text("reason")).isEqualTo(reason);
        }
    }
}
