package io.veriflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.e2e.persona.FakePersona;
import io.veriflow.app.e2e.persona.PersonaFixtures;
import io.veriflow.app.e2e.persona.PersonaFixtures.Inquiry;
import io.veriflow.app.e2e.persona.PersonaSigner;
import io.veriflow.app.reliability.Wire.Answer;
import io.veriflow.app.reliability.Wire.Call;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Persona traffic for the reliability tests: the service configured against the fake Persona API (live adapter, the
 * webhook secret of {@code signatures.md}), sessions started over {@code POST /v1/sessions}, and each story's signals
 * (signed webhooks, thin webhooks, forwarded client callbacks) addressed to one session as deliveries. A delivery is
 * fixed once made (its body, its {@code evt_} id), so sending it again is a true duplicate.
 */
final class PersonaTraffic {

    private static final Pattern EVENT_ID = Pattern.compile("(\"id\"\\s*:\\s*\")evt_[A-Za-z0-9]+(\")");
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private PersonaTraffic() {
    }

    /** What an instance needs to talk to {@code persona} as the live Persona (and nothing else in the background). */
    static Map<String, Object> serviceProperties(FakePersona persona) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("veriflow.persona.api-key", "persona_production_reliability_not_a_real_key");
        properties.put("veriflow.persona.base-url", persona.baseUrl());
        properties.put("veriflow.persona.webhook-secrets", PersonaFixtures.SECRET);
        properties.put("veriflow.providers.persona.resilience.rate-limiter.limit-for-period", 1_000_000);
        // No task worker, no timers: a session's state comes from the deliveries alone, so it is a function of them.
        properties.put("veriflow.work.enabled", false);
        properties.put("logger.levels.io.veriflow", "WARN");
        return properties;
    }

    enum Channel { WEBHOOK, THIN_WEBHOOK, CALLBACK }

    /** One signal of a story, not yet addressed to a session. */
    record Signal(Channel channel, String source) {

        /** Persona's fat webhook {@code inquiry.<event>} from the shared fixtures. */
        static Signal webhook(String event) {
            return new Signal(Channel.WEBHOOK, "webhooks/inquiry." + event + ".json");
        }

        /** A thin webhook about the inquiry (an event on a related resource: no inquiry embedded). */
        static Signal thin(String event) {
            return new Signal(Channel.THIN_WEBHOOK, event);
        }

        /** A client callback fixture ({@code A-01-onReady.json}), forwarded with the session's client secret. */
        static Signal callback(String fixture) {
            return new Signal(Channel.CALLBACK, fixture);
        }

        @Override
        public String toString() {
            return switch (channel) {
                case WEBHOOK -> source.substring("webhooks/".length(), source.length() - ".json".length());
                case THIN_WEBHOOK -> "thin " + source;
                case CALLBACK -> "callback " + source.substring(0, source.length() - ".json".length());
            };
        }
    }

    /**
     * The four stories of Persona's {@code scenarios.json}, each as its webhooks only (as Persona sends them, with the
     * thin events of related resources in between) and as everything a session receives (webhooks and the front end's
     * callbacks), both in the order they happen. Stories B to D lack the early webhooks in their own fixtures and use
     * story A's, re-addressed; story D lacks client callbacks and uses story A's opening and closing ones.
     */
    enum Story {
        APPROVED("decided/passed",
                List.of(Signal.webhook("created"), Signal.thin("inquiry-session.started"), Signal.webhook("started"),
                        Signal.thin("document.submitted"), Signal.thin("verification.passed"),
                        Signal.webhook("completed"), Signal.webhook("approved")),
                List.of(Signal.callback("A-01-onReady.json"), Signal.callback("A-02-onEvent-start.json"),
                        Signal.webhook("created"), Signal.webhook("started"),
                        Signal.callback("A-03-onEvent-page-change.json"),
                        Signal.callback("A-04-onEvent-document-camera-select.json"),
                        Signal.callback("A-05-onEvent-document-camera-capture.json"),
                        Signal.callback("A-06-onEvent-documents-save-successful.json"),
                        Signal.callback("A-07-onEvent-selfie-camera-capture.json"),
                        Signal.webhook("completed"), Signal.webhook("approved"),
                        Signal.callback("A-08-onEvent-complete.json"), Signal.callback("A-09-onComplete.json"))),
        EXPIRED("expired/-",
                List.of(Signal.webhook("created"), Signal.thin("inquiry-session.started"), Signal.webhook("started"),
                        Signal.thin("inquiry-session.expired"), Signal.webhook("expired")),
                List.of(Signal.webhook("created"), Signal.callback("B-01-onEvent-start.json"),
                        Signal.webhook("started"), Signal.callback("B-02-onEvent-exit.json"),
                        Signal.callback("B-03-onCancel.json"), Signal.webhook("expired"))),
        FAILED("decided/failed",
                List.of(Signal.webhook("created"), Signal.thin("inquiry-session.started"), Signal.webhook("started"),
                        Signal.thin("document.submitted"), Signal.thin("verification.failed"),
                        Signal.webhook("failed")),
                List.of(Signal.webhook("created"), Signal.webhook("started"),
                        Signal.callback("C-01-onEvent-load-camera-failed.json"),
                        Signal.callback("C-02-onComplete-failed.json"), Signal.webhook("failed"))),
        DECLINED("decided/failed",
                List.of(Signal.webhook("created"), Signal.thin("inquiry-session.started"), Signal.webhook("started"),
                        Signal.thin("document.submitted"), Signal.thin("verification.failed"),
                        Signal.webhook("completed"), Signal.webhook("marked-for-review"),
                        Signal.webhook("declined")),
                List.of(Signal.callback("A-01-onReady.json"), Signal.callback("A-02-onEvent-start.json"),
                        Signal.webhook("created"), Signal.webhook("started"),
                        Signal.callback("A-05-onEvent-document-camera-capture.json"), Signal.webhook("completed"),
                        Signal.callback("A-09-onComplete.json"), Signal.webhook("marked-for-review"),
                        Signal.webhook("declined")));

        private final String outcome;
        private final List<Signal> webhooks;
        private final List<Signal> everything;

        Story(String outcome, List<Signal> webhooks, List<Signal> everything) {
            this.outcome = outcome;
            this.webhooks = webhooks;
            this.everything = everything;
        }

        /** How the whole story ends, as {@code state/verdict} ({@link Views#stateAndVerdict}). */
        String outcome() {
            return outcome;
        }

        /** Persona's webhooks of the story, in order. */
        List<Signal> webhooks() {
            return webhooks;
        }

        /** Webhooks and client callbacks of the story, in order. */
        List<Signal> everything() {
            return everything;
        }
    }

    /** A session started over the API: its tenant's key, its id and client secret, its inquiry at the fake. */
    record Session(String apiKey, String id, String clientSecret, Inquiry inquiry, Story story) {

        String path() {
            return "/v1/sessions/" + id;
        }

        @Override
        public String toString() {
            return "session " + id + " (" + story + ", " + inquiry.id() + ")";
        }
    }

    /** A signal addressed to a session, its body fixed. */
    record Delivery(Session session, Signal signal, byte[] body) {

        /** The request that delivers it now to {@code base} (webhooks are signed at {@code now}). */
        Call call(URI base, Instant now) {
            return switch (signal.channel()) {
                case WEBHOOK, THIN_WEBHOOK -> Call.post(base, "/webhooks/persona", Map.of(
                        "Content-Type", "application/json",
                        PersonaSigner.HEADER, PersonaSigner.header(now.getEpochSecond(), body,
                                PersonaFixtures.SECRET)), body);
                case CALLBACK -> Call.post(base, session.path() + "/callbacks", Map.of(
                        "Content-Type", "application/json",
                        "Authorization", "Bearer " + session.clientSecret()), body);
            };
        }

        /** The {@code evt_} id of a webhook delivery. */
        String eventId() {
            String text = new String(body, StandardCharsets.UTF_8);
            int start = text.indexOf("evt_");
            if (start < 0) {
                throw new IllegalStateException(this + " has no evt_ id");
            }
            return text.substring(start, text.indexOf('"', start));
        }

        /** What the service answers when it takes the delivery (recorded or duplicate). */
        int accepted() {
            return signal.channel() == Channel.CALLBACK ? 202 : 200;
        }

        @Override
        public String toString() {
            return signal + " for " + session;
        }
    }

    /** Scripts a fresh inquiry for {@code subject} at the fake and starts its session over the API. */
    static Session start(Traffic traffic, URI base, FakePersona persona, String apiKey, Story story, String subject) {
        Inquiry inquiry = Inquiry.fresh(subject);
        persona.script(inquiry);
        byte[] body = ("{\"provider\":\"persona\",\"template\":\"" + PersonaFixtures.TEMPLATE + "\",\"subject\":\""
                + subject + "\"}").getBytes(StandardCharsets.UTF_8);
        Answer started = traffic.send(Call.post(base, "/v1/sessions", Map.of(
                "Content-Type", "application/json",
                "Authorization", "Bearer " + apiKey,
                "Idempotency-Key", UUID.randomUUID().toString()), body));
        assertThat(started.status()).as("start of %s: %s", subject, started).isEqualTo(201);
        assertThat(started.at("launch", "parameters", "inquiryId")).as("%s", started).isEqualTo(inquiry.id());
        return new Session(apiKey, (String) started.at("session", "id"), (String) started.at("client_secret"),
                inquiry, story);
    }

    /** The signal addressed to {@code session}: webhooks get a fresh {@code evt_} id of their own. */
    static Delivery address(Session session, Signal signal) {
        String body = switch (signal.channel()) {
            case WEBHOOK -> withEventId(PersonaFixtures.about(signal.source(), session.inquiry()), freshId("evt_"));
            case THIN_WEBHOOK -> thinEvent(signal.source(), session.inquiry());
            case CALLBACK -> PersonaFixtures.callback(signal.source(), session.inquiry());
        };
        return new Delivery(session, signal, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Every signal of the session's story ({@code everything} or only the webhooks), addressed to it, in order. */
    static List<Delivery> address(Session session, List<Signal> signals) {
        return signals.stream().map(signal -> address(session, signal)).toList();
    }

    private static String withEventId(String body, String eventId) {
        Matcher id = EVENT_ID.matcher(body);
        if (!id.find()) {
            throw new IllegalStateException("no evt_ id in the fixture");
        }
        return id.replaceFirst("$1" + eventId + "$2");
    }

    /**
     * An event about a resource of the inquiry, not the inquiry itself ({@code inquiry-session.started},
     * {@code document.submitted}, {@code verification.passed}...): the adapter records it as a thin notification.
     */
    private static String thinEvent(String name, Inquiry inquiry) {
        String type = name.substring(0, name.indexOf('.'));
        String status = name.substring(name.indexOf('.') + 1);
        String resourceType = switch (type) {
            case "inquiry-session" -> "inquiry-session";
            case "document" -> "document/government-id";
            case "verification" -> "verification/government-id";
            default -> throw new IllegalArgumentException("no thin event " + name);
        };
        String prefix = switch (type) {
            case "inquiry-session" -> "iqse_";
            case "document" -> "doc_";
            default -> "ver_";
        };
        String at = "2026-03-10T14:02:00.000Z";
        return "{\"data\":{\"type\":\"event\",\"id\":\"" + freshId("evt_") + "\",\"attributes\":{\"name\":\"" + name
                + "\",\"payload\":{\"data\":{\"type\":\"" + resourceType + "\",\"id\":\"" + freshId(prefix)
                + "\",\"attributes\":{\"status\":\"" + status + "\",\"created-at\":\"" + at + "\",\"updated-at\":\""
                + at + "\"},\"relationships\":{\"inquiry\":{\"data\":{\"type\":\"inquiry\",\"id\":\"" + inquiry.id()
                + "\"}}}},\"included\":[]},\"created-at\":\"" + at + "\"}}}";
    }

    static String freshId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 28; i++) {
            id.append(BASE58.charAt(random.nextInt(BASE58.length())));
        }
        return id.toString();
    }
}
