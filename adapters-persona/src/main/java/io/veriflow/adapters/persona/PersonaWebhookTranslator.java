package io.veriflow.adapters.persona;

import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.SignalMeta;
import io.veriflow.domain.signal.Snapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an authenticated Persona webhook event ({@code {"data": {"type": "event", "id": "evt_...", "attributes":
 * {"name", "payload": {"data", "included"}, "created-at"}}}}) into a notification.
 *
 * <table>
 *   <caption>events to signals</caption>
 *   <tr><td>any event whose payload is an inquiry ({@code inquiry.created}, {@code .started}, {@code .completed},
 *       {@code .failed}, {@code .expired}, {@code .marked-for-review}, {@code .approved}, {@code .declined},
 *       {@code .transitioned}, {@code .redacted}, future {@code inquiry.*})</td>
 *       <td>fat Notification: ref = the inquiry id, embedded = its snapshot (status and steps as for an API read;
 *       asOf = its {@code updated-at}); thin when the embedded inquiry cannot be read or dated</td></tr>
 *   <tr><td>any other event whose payload relates to an inquiry ({@code relationships.inquiry}: inquiry-session.*,
 *       verification.*, document.*, ...)</td><td>thin Notification (asks for a reconcile)</td></tr>
 *   <tr><td>anything else (account.*, case.*, report/*, unknown)</td><td>acknowledged, nothing recorded</td></tr>
 * </table>
 * Every notification: dedupe key = the {@code evt_} id (Persona redelivers the same id), occurredAt = the event's
 * {@code created-at}, signal name {@code persona.webhook.<event name>}. The minimised payload keeps ids, the event
 * name, statuses, timestamps, step names and related ids; names, birthdate, address, fields, behaviours, device and
 * network data are dropped.
 */
final class PersonaWebhookTranslator {

    private static final Pattern EVENT_NAME = Pattern.compile("[a-z0-9][a-z0-9_./-]{0,95}");
    private static final Pattern TIMESTAMP_KEY = Pattern.compile("[a-z-]+-at");
    private static final Set<String> KEPT_ATTRIBUTES = Set.of(
            "status", "reference-id", "previous-step-name", "next-step-name", "has-match");

    private PersonaWebhookTranslator() {
    }

    sealed interface Reading {
    }

    /** An event about an inquiry, to record. */
    record AboutInquiry(ProviderRef ref, Notification notification, RawPayload minimised) implements Reading {
        AboutInquiry {
            Objects.requireNonNull(ref, "ref must not be null");
            Objects.requireNonNull(notification, "notification must not be null");
            Objects.requireNonNull(minimised, "minimised must not be null");
        }
    }

    /** An authentic event that concerns no inquiry: acknowledged and dropped. */
    record Unrelated(String eventId, String eventName) implements Reading {
    }

    /** Not a Persona event (after a valid signature: Persona's bug or a payload-configuration change). */
    record Malformed(String problem) implements Reading {
    }

    static Reading read(JsonNode body, Instant receivedAt) {
        if (body == null || !body.isObject()) {
            return new Malformed("the body is not a JSON object");
        }
        Optional<JsonNode> event = PersonaJson.objectAt(body, "data");
        Optional<String> eventId = event.flatMap(value -> PersonaJson.text(value, "id"));
        Optional<JsonNode> attributes = event.flatMap(value -> PersonaJson.objectAt(value, "attributes"));
        Optional<String> name = attributes.flatMap(value -> PersonaJson.text(value, "name"));
        if (eventId.isEmpty() || attributes.isEmpty() || name.isEmpty()) {
            return new Malformed("data.id, data.attributes or data.attributes.name is missing");
        }
        DedupeKey dedupe;
        try {
            dedupe = new DedupeKey(eventId.get());
        } catch (IllegalArgumentException invalid) {
            return new Malformed("data.id is not an event id");
        }
        Optional<Instant> occurredAt = PersonaJson.text(attributes.get(), "created-at")
                .flatMap(PersonaSnapshots::instant);
        Optional<JsonNode> payload = PersonaJson.objectAt(attributes.get(), "payload");
        Optional<JsonNode> resource = payload.flatMap(value -> PersonaJson.objectAt(value, "data"));
        List<JsonNode> included = payload.flatMap(value -> PersonaJson.member(value, "included"))
                .map(PersonaJson::elements).orElse(List.of());
        if (resource.isEmpty()) {
            return new Unrelated(eventId.get(), name.get());
        }
        Optional<ProviderRef> ref;
        Optional<Snapshot> embedded = Optional.empty();
        if (PersonaJson.text(resource.get(), "type").filter("inquiry"::equals).isPresent()) {
            ref = PersonaJson.text(resource.get(), "id").flatMap(PersonaSnapshots::providerRef);
            embedded = switch (PersonaSnapshots.read(resource.get(), included, Optional.empty())) {
                case PersonaSnapshots.Read read -> Optional.of(read.snapshot());
                case PersonaSnapshots.Broken broken -> Optional.empty();
            };
        } else {
            ref = PersonaJson.path(resource.get(), "relationships", "inquiry", "data")
                    .flatMap(link -> PersonaJson.text(link, "id"))
                    .flatMap(PersonaSnapshots::providerRef);
        }
        if (ref.isEmpty()) {
            return new Unrelated(eventId.get(), name.get());
        }
        String signal = EVENT_NAME.matcher(name.get()).matches()
                ? "persona.webhook." + name.get() : "persona.webhook.unknown";
        Notification notification = new Notification(
                new SignalMeta(dedupe, new SignalName(signal), occurredAt, receivedAt), ref.get(), embedded);
        return new AboutInquiry(ref.get(), notification, minimised(event.get(), attributes.get(), resource.get(),
                included));
    }

    private static RawPayload minimised(JsonNode event, JsonNode attributes, JsonNode resource,
            List<JsonNode> included) {
        JsonNode payload = PersonaJson.object(
                "data", minimisedResource(resource),
                "included", PersonaJson.array(included.stream().map(PersonaWebhookTranslator::minimisedResource)
                        .toList()));
        JsonNode kept = PersonaJson.object("data", PersonaJson.object(
                "type", PersonaJson.text(event, "type"),
                "id", PersonaJson.text(event, "id"),
                "attributes", PersonaJson.object(
                        "name", PersonaJson.text(attributes, "name"),
                        "created-at", PersonaJson.text(attributes, "created-at"),
                        "payload", payload)));
        return new RawPayload(PersonaJson.write(kept));
    }

    /** {type, id, attributes: only {@link #KEPT_ATTRIBUTES} and timestamps, relationships: only ids}. */
    static JsonNode minimisedResource(JsonNode resource) {
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        PersonaJson.objectAt(resource, "attributes").ifPresent(all -> {
            for (Map.Entry<String, JsonNode> attribute : all.entries()) {
                String key = attribute.getKey();
                JsonNode value = attribute.getValue();
                boolean kept = KEPT_ATTRIBUTES.contains(key) || TIMESTAMP_KEY.matcher(key).matches();
                if (kept && (value.isValueNode() || value.isNull())) {
                    attributes.put(key, value);
                }
            }
        });
        Map<String, JsonNode> relationships = new LinkedHashMap<>();
        PersonaJson.objectAt(resource, "relationships").ifPresent(all -> {
            for (Map.Entry<String, JsonNode> relationship : all.entries()) {
                JsonNode data = PersonaJson.member(relationship.getValue(), "data").orElse(null);
                JsonNode ids;
                if (data == null) {
                    ids = PersonaJson.node(null);
                } else if (data.isArray()) {
                    ids = PersonaJson.array(PersonaJson.elements(data).stream()
                            .map(PersonaWebhookTranslator::identifier).toList());
                } else {
                    ids = identifier(data);
                }
                relationships.put(relationship.getKey(), PersonaJson.object("data", ids));
            }
        });
        return PersonaJson.object(
                "type", PersonaJson.text(resource, "type"),
                "id", PersonaJson.text(resource, "id"),
                "attributes", PersonaJson.object(attributes),
                "relationships", PersonaJson.object(relationships));
    }

    private static JsonNode identifier(JsonNode link) {
        return PersonaJson.object("type", PersonaJson.text(link, "type"), "id", PersonaJson.text(link, "id"));
    }
}
