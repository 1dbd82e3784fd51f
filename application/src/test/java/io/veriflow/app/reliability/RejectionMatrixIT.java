package io.veriflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.e2e.persona.FakePersona;
import io.veriflow.app.e2e.persona.PersonaFixtures;
import io.veriflow.app.e2e.persona.PersonaSigner;
import io.veriflow.app.e2e.plaid.Eventually;
import io.veriflow.app.e2e.plaid.FakePlaidApi;
import io.veriflow.app.e2e.plaid.WebhookSigner;
import io.veriflow.app.reliability.PersonaTraffic.Session;
import io.veriflow.app.reliability.PersonaTraffic.Signal;
import io.veriflow.app.reliability.Wire.Answer;
import io.veriflow.app.reliability.Wire.Call;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The rejection matrix (issue 6) against one running service with both providers live (Persona against its fake API
 * and webhook secret, Plaid against its fake API and webhook key endpoint): every bad webhook delivery of either
 * provider (tampered body or signature, wrong secret or key, stale and future timestamps, {@code alg} none and HS256,
 * unknown kid, missing and malformed headers) and the input limits of both webhook paths and of the API (body over
 * 256 KB, wrong content type, malformed JSON) are answered 4xx with the documented body, never 5xx, and nothing is
 * applied: the signal log, outbox, tasks, sessions and their attempts are byte for byte as before. Then the same
 * bodies, correctly sent, are accepted and recorded: so what was refused was refused for its fault alone.
 *
 * <p>Not in the matrix: a correctly signed Persona webhook with another content type than JSON. The Persona path
 * takes any content type ({@code consumes = ALL}: the signature covers the bytes, not the header), so it is recorded
 * (200); only the Plaid path and the API answer 415. A form-typed Persona delivery without a valid signature is in
 * the matrix (401).
 *
 * <p>Bodies: Persona's {@code inquiry.approved} about a created session, Plaid's {@code STATUS_UPDATED} about a
 * bound attempt whose state at Plaid is {@code failed}, a client callback of the Persona session: each would change
 * something if it were accepted.
 */
class RejectionMatrixIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";
    private static final int OVER_LIMIT = 256 * 1024 + 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** One bad request, what it must get, and an optional check of the answer's body. */
    private record Case(String name, Call call, int status, String contentType, Predicate<Answer> body) {
    }

    @Test
    void everyBadDeliveryIsA4xxAndNothingIsApplied() {
        Phases phases = new Phases("RejectionMatrixIT");
        try (FakePersona persona = FakePersona.start();
             FakePlaidApi plaid = new FakePlaidApi();
             Instance service = Instance.start(properties(persona, plaid))) {
            URI base = service.uri();
            Wire wire = new Wire();
            Tables tables = new Tables(service.dataSource());
            String apiKey = service.tenant("matrix");
            phases.done("instance up");

            Session personaSession = PersonaTraffic.start(new Traffic(wire, 1), base, persona, apiKey,
                    PersonaTraffic.Story.APPROVED, "usr_matrix");
            byte[] approved = PersonaTraffic.address(personaSession, Signal.webhook("approved")).body();
            byte[] callback = PersonaTraffic.address(personaSession, Signal.callback("A-09-onComplete.json")).body();

            io.veriflow.app.e2e.plaid.Story story = io.veriflow.app.e2e.plaid.Story.suffixed("Rm");
            String plaidSession = boundPlaidSession(wire, base, apiKey, plaid, story, tables);
            plaid.attemptIs(story, "failed"); // what an accepted STATUS_UPDATED would lead to
            byte[] statusUpdated = story.bytes("webhooks/identity_verification.status_updated.failed.json");

            phases.done("Persona and Plaid sessions ready");
            Map<String, Object> before = applied(tables);
            List<Case> matrix = new ArrayList<>();
            matrix.addAll(persona(base, approved));
            matrix.addAll(plaid(base, plaid.signer(), statusUpdated));
            matrix.addAll(api(base, apiKey, personaSession, callback));

            List<String> wrong = new ArrayList<>();
            for (Case bad : matrix) {
                Answer answer = wire.send(bad.call());
                String type = answer.contentType().orElse("");
                if (answer.status() != bad.status() || !type.startsWith(bad.contentType())
                        || !bad.body().test(answer)) {
                    wrong.add(bad.name() + ": expected " + bad.status() + " " + bad.contentType() + ", got "
                            + answer);
                }
                assertThat(answer.status()).as("%s: %s", bad.name(), answer).isBetween(400, 499);
                assertThat(answer.body()).as("%s: no stack trace", bad.name())
                        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
            }
            phases.done(matrix.size() + " bad requests");
            assertThat(wrong).as("answers of the %d bad requests", matrix.size()).isEmpty();
            Eventually.await("no task running", PATIENCE, () -> unfinishedTasks(tables), count -> count == 0);
            assertThat(applied(tables)).as("signal log, outbox, tasks, sessions, attempts after the matrix")
                    .isEqualTo(before);

            phases.done("nothing applied");
            // The same bodies, sent right, are taken: the refusals were for the faults alone.
            Answer genuinePersona = wire.send(personaWebhook(base, approved, JSON,
                    PersonaSigner.header(Instant.now().getEpochSecond(), approved, PersonaFixtures.SECRET)));
            assertThat(genuinePersona.status()).as("%s", genuinePersona).isEqualTo(200);
            assertThat(genuinePersona.at("status")).isEqualTo("recorded");
            Answer genuinePlaid = wire.send(plaidWebhook(base, statusUpdated, JSON,
                    plaid.signer().sign(statusUpdated, Instant.now())));
            assertThat(genuinePlaid.status()).as("%s", genuinePlaid).isEqualTo(200);
            assertThat(genuinePlaid.at("outcome")).isEqualTo("recorded");
            Answer genuineCallback = wire.send(callbackCall(base, personaSession, callback, JSON));
            assertThat(genuineCallback.status()).as("%s", genuineCallback).isEqualTo(202);
            assertThat(tables.count("SELECT count(*) FROM signal_log")).as("the genuine deliveries are recorded")
                    .isGreaterThanOrEqualTo((Long) before.get("signals") + 3);
            Eventually.await("the Plaid session decided", PATIENCE,
                    () -> Views.stateAndVerdict(wire.send(Call.get(base, "/v1/sessions/" + plaidSession, apiKey))
                            .object()), "decided/failed"::equals);
            assertThat(Views.stateAndVerdict(Views.outcome(wire, base, personaSession))).isEqualTo("decided/passed");
            phases.done("genuine deliveries applied");
        } finally {
            phases.print();
        }
    }

    private static Map<String, Object> properties(FakePersona persona, FakePlaidApi plaid) {
        Map<String, Object> properties = new HashMap<>(PersonaTraffic.serviceProperties(persona));
        properties.putAll(plaid.serviceProperties());
        properties.put("veriflow.work.enabled", true); // binds the Plaid attempt, and would act on an accepted fake
        properties.put("veriflow.work.poll-interval", "20ms");
        properties.put("veriflow.providers.plaid.resilience.rate-limiter.limit-for-period", 100_000);
        properties.put("logger.levels.io.veriflow.adapters", "ERROR"); // every refusal is logged as it should be
        return properties;
    }

    /** Persona: every forged, stale or unreadable signature, then the input limits; all before the body is read. */
    private static List<Case> persona(URI base, byte[] body) {
        long now = Instant.now().getEpochSecond();
        String secret = PersonaFixtures.SECRET;
        String genuine = PersonaSigner.header(now, body, secret);
        String v1 = genuine.substring(genuine.indexOf("v1=") + 3);
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] = (byte) (tampered[tampered.length / 2] == 'a' ? 'b' : 'a');
        byte[] big = padded(body);
        byte[] notJson = "{\"data\":{\"type\":\"event\",".getBytes(StandardCharsets.UTF_8);
        byte[] notAnEvent = "{\"data\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
        Predicate<Answer> signatureProblem = problem("webhook-signature-invalid");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("Persona: tampered body", personaWebhook(base, tampered, JSON, genuine), 401, PROBLEM,
                signatureProblem));
        cases.add(new Case("Persona: tampered signature", personaWebhook(base, body, JSON,
                "t=" + now + ",v1=" + flipped(v1)), 401, PROBLEM, signatureProblem));
        cases.add(new Case("Persona: signature of another body", personaWebhook(base, body, JSON,
                PersonaSigner.header(now, notAnEvent, secret)), 401, PROBLEM, signatureProblem));
        cases.add(new Case("Persona: retired secret (not configured)", personaWebhook(base, body, JSON,
                PersonaSigner.header(now, body, PersonaFixtures.OLD_SECRET)), 401, PROBLEM, signatureProblem));
        cases.add(new Case("Persona: a stranger's secret", personaWebhook(base, body, JSON,
                PersonaSigner.header(now, body, "wbhsec_" + UUID.randomUUID())), 401, PROBLEM, signatureProblem));
        cases.add(new Case("Persona: stale t (73 h, past the 72 h tolerance)", personaWebhook(base, body, JSON,
                PersonaSigner.header(now - Duration.ofHours(73).toSeconds(), body, secret)), 401, PROBLEM,
                signatureProblem));
        cases.add(new Case("Persona: future t (10 min, past the 5 min skew)", personaWebhook(base, body, JSON,
                PersonaSigner.header(now + Duration.ofMinutes(10).toSeconds(), body, secret)), 401, PROBLEM,
                signatureProblem));
        cases.add(new Case("Persona: no signature header", personaWebhook(base, body, JSON, null), 401, PROBLEM,
                signatureProblem));
        Map<String, String> malformed = new LinkedHashMap<>();
        malformed.put("not a signature", "garbage");
        malformed.put("empty", "");
        malformed.put("empty groups", "t=,v1=");
        malformed.put("t not a number", "t=yesterday,v1=" + v1);
        malformed.put("no t", "v1=" + v1);
        malformed.put("no v1", "t=" + now);
        malformed.put("v1 not hex", "t=" + now + ",v1=" + "z".repeat(v1.length()));
        malformed.put("v1 truncated", "t=" + now + ",v1=" + v1.substring(0, 32));
        malformed.put("v0 scheme only", "t=" + now + ",v0=" + v1);
        malformed.put("over 1 KB", "t=" + now + ",v1=" + v1 + " t=" + now + ",v1=" + "0".repeat(1100));
        malformed.forEach((name, header) -> cases.add(new Case("Persona: malformed header, " + name,
                personaWebhook(base, body, JSON, header), 401, PROBLEM, signatureProblem)));
        cases.add(new Case("Persona: body over 256 KB, signed", personaWebhook(base, big, JSON,
                PersonaSigner.header(now, big, secret)), 413, PROBLEM, problem("payload-too-large")));
        cases.add(new Case("Persona: form content type, unsigned", personaWebhook(base, body,
                "application/x-www-form-urlencoded", null), 401, PROBLEM, signatureProblem));
        cases.add(new Case("Persona: malformed JSON, signed", personaWebhook(base, notJson, JSON,
                PersonaSigner.header(now, notJson, secret)), 400, PROBLEM, problem("webhook-malformed")));
        cases.add(new Case("Persona: JSON that is no event, signed", personaWebhook(base, notAnEvent, JSON,
                PersonaSigner.header(now, notAnEvent, secret)), 400, PROBLEM, problem("webhook-malformed")));
        return cases;
    }

    /** Plaid: every forged or unverifiable {@code Plaid-Verification}, then the input limits. */
    private static List<Case> plaid(URI base, WebhookSigner plaid, byte[] body) {
        Instant now = Instant.now();
        String genuine = plaid.sign(body, now);
        String[] parts = genuine.split("\\.");
        byte[] tampered = body.clone();
        tampered[body.length - 5] = (byte) (tampered[body.length - 5] == 'a' ? 'b' : 'a');
        byte[] other = "{\"webhook_type\":\"IDENTITY_VERIFICATION\",\"webhook_code\":\"RETRIED\"}"
                .getBytes(StandardCharsets.UTF_8);
        String otherClaims = genuineParts(plaid.sign(other, now))[1];
        byte[] big = padded(body);
        byte[] notJson = "{\"webhook_type\":".getBytes(StandardCharsets.UTF_8);
        Predicate<Answer> refused = answer -> "refused".equals(answer.at("outcome"));
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("Plaid: tampered body (its hash no longer matches)",
                plaidWebhook(base, tampered, JSON, genuine), 401, JSON, refused));
        cases.add(new Case("Plaid: tampered JWT signature",
                plaidWebhook(base, body, JSON, parts[0] + "." + parts[1] + "." + flipped(parts[2])), 401, JSON,
                refused));
        cases.add(new Case("Plaid: tampered JWT claims (another body's hash, original signature)",
                plaidWebhook(base, body, JSON, parts[0] + "." + otherClaims + "." + parts[2]), 401, JSON, refused));
        cases.add(new Case("Plaid: alg none", plaidWebhook(base, body, JSON, plaid.unsigned(body, now)), 401, JSON,
                refused));
        cases.add(new Case("Plaid: alg HS256 keyed with the public JWK",
                plaidWebhook(base, body, JSON, plaid.hs256(body, now)), 401, JSON, refused));
        cases.add(new Case("Plaid: alg HS256 keyed with a guessed secret",
                plaidWebhook(base, body, JSON, hs256(plaid.kid(), body, now, "secret")), 401, JSON, refused));
        cases.add(new Case("Plaid: kid Plaid never issued",
                plaidWebhook(base, body, JSON, new WebhookSigner("kid-never-issued").sign(body, now)), 401, JSON,
                refused));
        cases.add(new Case("Plaid: another key under Plaid's kid",
                plaidWebhook(base, body, JSON, new WebhookSigner(plaid.kid()).sign(body, now)), 401, JSON,
                refused));
        cases.add(new Case("Plaid: stale iat (6 min, past 5 min)",
                plaidWebhook(base, body, JSON, plaid.sign(body, now.minus(Duration.ofMinutes(6)))), 401, JSON,
                refused));
        cases.add(new Case("Plaid: future iat (5 min, past 1 min)",
                plaidWebhook(base, body, JSON, plaid.sign(body, now.plus(Duration.ofMinutes(5)))), 401, JSON,
                refused));
        cases.add(new Case("Plaid: no Plaid-Verification header", plaidWebhook(base, body, JSON, null), 401, JSON,
                refused));
        cases.add(new Case("Plaid: header not a JWS", plaidWebhook(base, body, JSON, "not-a-jwt"), 401, JSON,
                refused));
        cases.add(new Case("Plaid: header of three garbage parts", plaidWebhook(base, body, JSON, "a.b.c"), 401,
                JSON, refused));
        cases.add(new Case("Plaid: body over 256 KB, signed",
                plaidWebhook(base, big, JSON, plaid.sign(big, now)), 413, PROBLEM, problem("payload-too-large")));
        cases.add(new Case("Plaid: form content type, signed",
                plaidWebhook(base, body, "application/x-www-form-urlencoded", genuine), 415, PROBLEM,
                problem("unsupported-media-type")));
        cases.add(new Case("Plaid: XML content type, signed",
                plaidWebhook(base, body, "application/xml", genuine), 415, PROBLEM,
                problem("unsupported-media-type")));
        cases.add(new Case("Plaid: malformed JSON, signed", plaidWebhook(base, notJson, JSON,
                plaid.sign(notJson, now)), 400, JSON, answer -> "body_not_a_json_object".equals(
                answer.at("outcome"))));
        return cases;
    }

    /** The API: a session start and a client callback, each too large, of the wrong type, and not JSON. */
    private static List<Case> api(URI base, String apiKey, Session session, byte[] callback) {
        byte[] start = ("{\"provider\":\"persona\",\"template\":\"" + PersonaFixtures.TEMPLATE
                + "\",\"subject\":\"usr_matrix_2\"}").getBytes(StandardCharsets.UTF_8);
        byte[] bigStart = ("{\"provider\":\"persona\",\"template\":\"" + PersonaFixtures.TEMPLATE
                + "\",\"subject\":\"" + "x".repeat(OVER_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "{\"provider\": \"persona\", ".getBytes(StandardCharsets.UTF_8);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("API start: body over 256 KB", startCall(base, apiKey, bigStart, JSON), 413, PROBLEM,
                problem("payload-too-large")));
        cases.add(new Case("API start: form content type", startCall(base, apiKey, start,
                "application/x-www-form-urlencoded"), 415, PROBLEM, problem("unsupported-media-type")));
        cases.add(new Case("API start: text/plain", startCall(base, apiKey, start, "text/plain"), 415, PROBLEM,
                problem("unsupported-media-type")));
        cases.add(new Case("API start: malformed JSON", startCall(base, apiKey, notJson, JSON), 400, PROBLEM,
                problem("malformed-json")));
        cases.add(new Case("API callback: body over 256 KB", callbackCall(base, session, padded(callback), JSON),
                413, PROBLEM, problem("payload-too-large")));
        cases.add(new Case("API callback: form content type", callbackCall(base, session, callback,
                "application/x-www-form-urlencoded"), 415, PROBLEM, problem("unsupported-media-type")));
        cases.add(new Case("API callback: malformed JSON", callbackCall(base, session,
                "{\"callback\":".getBytes(StandardCharsets.UTF_8), JSON), 400, PROBLEM,
                problem("callback-unreadable")));
        return cases;
    }

    private static Call personaWebhook(URI base, byte[] body, String type, String signature) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", type));
        if (signature != null) {
            headers.put(PersonaSigner.HEADER, signature);
        }
        return Call.post(base, "/webhooks/persona", headers, body);
    }

    private static Call plaidWebhook(URI base, byte[] body, String type, String verification) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", type));
        if (verification != null) {
            headers.put("Plaid-Verification", verification);
        }
        return Call.post(base, "/webhooks/plaid", headers, body);
    }

    private static Call startCall(URI base, String apiKey, byte[] body, String type) {
        return Call.post(base, "/v1/sessions", Map.of("Content-Type", type, "Authorization", "Bearer " + apiKey,
                "Idempotency-Key", UUID.randomUUID().toString()), body);
    }

    private static Call callbackCall(URI base, Session session, byte[] body, String type) {
        return Call.post(base, session.path() + "/callbacks", Map.of("Content-Type", type,
                "Authorization", "Bearer " + session.clientSecret()), body);
    }

    /** A Plaid session started over the API whose attempt is bound (by the front end's onExit, then reconciled). */
    private static String boundPlaidSession(Wire wire, URI base, String apiKey, FakePlaidApi plaid,
            io.veriflow.app.e2e.plaid.Story story, Tables tables) {
        plaid.attemptIs(story, "active");
        byte[] start = ("{\"provider\":\"plaid\",\"template\":\"" + io.veriflow.app.e2e.plaid.Story.TEMPLATE
                + "\",\"subject\":\"" + story.user() + "\"}").getBytes(StandardCharsets.UTF_8);
        Answer started = wire.send(startCall(base, apiKey, start, JSON));
        assertThat(started.status()).as("Plaid start: %s", started).isEqualTo(201);
        String session = (String) started.at("session", "id");
        Answer exited = wire.send(Call.post(base, "/v1/sessions/" + session + "/callbacks", Map.of(
                "Content-Type", JSON, "Authorization", "Bearer " + started.at("client_secret")),
                story.bytes("link_callbacks/web/onExit.idv.user_closed.json")));
        assertThat(exited.status()).as("Plaid onExit: %s", exited).isEqualTo(202);
        Eventually.await("the Plaid attempt bound", PATIENCE, () -> wire.send(Call.get(base, "/v1/sessions/"
                + session, apiKey)).body(), view -> view.contains("\"provider_ref\":\"" + story.attempt1() + "\""));
        Eventually.await("no task running", PATIENCE, () -> unfinishedTasks(tables), count -> count == 0);
        return session;
    }

    /** Everything an accepted delivery could change, as comparable values. */
    private static Map<String, Object> applied(Tables tables) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("signals", tables.count("SELECT count(*) FROM signal_log"));
        state.put("outbox", tables.count("SELECT count(*) FROM outbox"));
        state.put("tasks", tables.select("SELECT kind, state, attempts, not_before FROM task ORDER BY id"));
        state.put("sessions", tables.select("SELECT id, state, verdict, version, updated_at FROM verification_session"
                + " ORDER BY id"));
        state.put("attempts", tables.select("SELECT session_id, number, provider_ref, snapshot::text,"
                + " client_progress::text FROM verification_attempt ORDER BY session_id, number"));
        state.put("secrets", tables.count("SELECT count(*) FROM secret"));
        return state;
    }

    private static long unfinishedTasks(Tables tables) {
        return tables.count("SELECT count(*) FROM task WHERE state <> 'done'");
    }

    private static Predicate<Answer> problem(String slug) {
        return answer -> ("https://veriflow.io/problems/" + slug).equals(answer.at("type"))
                && Integer.valueOf(answer.status()).equals(answer.at("status"));
    }

    /** The body with a pad member that takes it over the 256 KB limit (still valid JSON). */
    private static byte[] padded(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return (text.substring(0, text.length() - 1) + ",\"pad\":\"" + "x".repeat(OVER_LIMIT) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The text with its middle character changed to another of the hex and base64url alphabets (a middle one: the
     * last character of base64url may carry unused bits).
     */
    private static String flipped(String text) {
        int middle = text.length() / 2;
        return text.substring(0, middle) + (text.charAt(middle) == '0' ? '1' : '0') + text.substring(middle + 1);
    }

    private static String[] genuineParts(String jws) {
        return jws.split("\\.");
    }

    /** HS256 over Plaid's header and claims, keyed with an arbitrary secret. */
    private static String hs256(String kid, byte[] body, Instant iat, String key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(WebhookSigner.header("HS256", kid).getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(WebhookSigner.claims(WebhookSigner.sha256Hex(body), iat)
                .getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
