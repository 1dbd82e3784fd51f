package io.veriflow.adapters.persona;

import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.signal.Snapshot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a Persona inquiry resource (JSON:API, 2023-01-05 schema, kebab-case) into a neutral {@link Snapshot}. Used for
 * API answers and for the inquiry embedded in webhook events alike.
 *
 * <ul>
 *   <li>{@code ref}: {@code data.id}; {@code subject}: {@code attributes.reference-id} (when it is a valid subject
 *       reference); {@code status}: {@code attributes.status} through {@link PersonaInquiryStatus} (unknown words
 *       become UNKNOWN, never an error); {@code previousRef}: never (a Persona resume continues the same inquiry).
 *   <li>{@code asOf}: {@code updated-at}; else the latest of the other {@code *-at} timestamps; else the caller's
 *       fallback (the fetch time for API reads; none for webhooks, whose snapshot then cannot be ordered and is
 *       treated as thin).
 *   <li>{@code steps}: one per step kind, from {@code relationships.verifications} (and screening
 *       {@code relationships.reports}), in Persona's order, with the status of the matching {@code included}
 *       resource ({@link PersonaVocabulary}). Several verifications of one kind (a government ID tried three times)
 *       give the latest one's status (by {@code created-at}, then by position). A verification whose resource is not
 *       in {@code included} (webhooks created since 2026-01 carry {@code included: []}) gives no step: its status is
 *       not known, and inventing one could regress what a fetch already told.
 *   <li>{@code reasons}: none; the domain derives them from the failed and reviewed steps.
 * </ul>
 */
final class PersonaSnapshots {

    private static final Pattern TIMESTAMP_KEY = Pattern.compile("[a-z-]+-at");

    private PersonaSnapshots() {
    }

    /** What could be read from a resource. */
    sealed interface Reading {
    }

    record Read(Snapshot snapshot) implements Reading {
        Read {
            Objects.requireNonNull(snapshot, "snapshot must not be null");
        }
    }

    /** @param problem what is wrong, naming fields but never echoing their values */
    record Broken(String problem) implements Reading {
        Broken {
            Objects.requireNonNull(problem, "problem must not be null");
        }
    }

    /**
     * @param resource the inquiry resource ({@code data} of a response or of a webhook's {@code payload})
     * @param included the {@code included} resources next to it
     * @param fallbackAsOf the time to date the snapshot with when the resource carries no usable timestamp
     */
    static Reading read(JsonNode resource, List<JsonNode> included, Optional<Instant> fallbackAsOf) {
        if (resource == null || !resource.isObject()) {
            return new Broken("data is not an object");
        }
        Optional<String> type = PersonaJson.text(resource, "type");
        if (type.isPresent() && !type.get().equals("inquiry")) {
            return new Broken("data.type is not inquiry");
        }
        Optional<ProviderRef> ref = PersonaJson.text(resource, "id").flatMap(PersonaSnapshots::providerRef);
        if (ref.isEmpty()) {
            return new Broken("data.id is missing or not an id");
        }
        Optional<JsonNode> attributes = PersonaJson.objectAt(resource, "attributes");
        if (attributes.isEmpty()) {
            return new Broken("data.attributes is missing");
        }
        Optional<String> status = PersonaJson.text(attributes.get(), "status");
        if (status.isEmpty()) {
            return new Broken("data.attributes.status is missing");
        }
        Optional<Instant> asOf = asOf(attributes.get()).or(() -> fallbackAsOf);
        if (asOf.isEmpty()) {
            return new Broken("data.attributes carries no usable timestamp");
        }
        Optional<SubjectRef> subject = PersonaJson.text(attributes.get(), "reference-id")
                .flatMap(PersonaSnapshots::subjectRef);
        return new Read(new Snapshot(ref.get(), Optional.empty(), subject,
                PersonaInquiryStatus.toNeutral(status.get()), status.get(), steps(resource, included), List.of(),
                asOf.get()));
    }

    /** {@code updated-at}, else the latest {@code *-at} attribute. */
    static Optional<Instant> asOf(JsonNode attributes) {
        Optional<Instant> updated = PersonaJson.text(attributes, "updated-at").flatMap(PersonaSnapshots::instant);
        if (updated.isPresent()) {
            return updated;
        }
        List<Instant> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : attributes.entries()) {
            if (TIMESTAMP_KEY.matcher(entry.getKey()).matches() && entry.getValue().isString()) {
                instant(entry.getValue().getStringValue()).ifPresent(all::add);
            }
        }
        return all.stream().max(Comparator.naturalOrder());
    }

    static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException notInstant) {
                return Optional.empty();
            }
        }
    }

    static Optional<ProviderRef> providerRef(String id) {
        try {
            return Optional.of(new ProviderRef(id));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    private static Optional<SubjectRef> subjectRef(String value) {
        try {
            return Optional.of(new SubjectRef(value));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    private record Candidate(StepStatus status, Instant createdAt, int position) {
        boolean laterThan(Candidate other) {
            int byTime = createdAt.compareTo(other.createdAt);
            return byTime != 0 ? byTime > 0 : position > other.position;
        }
    }

    private static List<Step> steps(JsonNode resource, List<JsonNode> included) {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode item : included) {
            PersonaJson.text(item, "id").ifPresent(id -> byId.put(id, item));
        }
        Map<StepKind, Candidate> latest = new LinkedHashMap<>();
        int position = 0;
        for (JsonNode link : related(resource, "verifications")) {
            position++;
            Optional<StepKind> kind = PersonaJson.text(link, "type").flatMap(PersonaVocabulary::verificationStep);
            Optional<JsonNode> attributes = PersonaJson.text(link, "id").map(byId::get)
                    .flatMap(item -> PersonaJson.objectAt(item, "attributes"));
            if (kind.isEmpty() || attributes.isEmpty()) {
                continue;
            }
            StepStatus status = PersonaVocabulary.verificationStatus(
                    PersonaJson.text(attributes.get(), "status").orElse(null));
            keepLatest(latest, kind.get(), new Candidate(status, createdAt(attributes.get()), position));
        }
        for (JsonNode link : related(resource, "reports")) {
            position++;
            Optional<StepKind> kind = PersonaJson.text(link, "type").flatMap(PersonaVocabulary::reportStep);
            Optional<JsonNode> attributes = PersonaJson.text(link, "id").map(byId::get)
                    .flatMap(item -> PersonaJson.objectAt(item, "attributes"));
            if (kind.isEmpty() || attributes.isEmpty()) {
                continue;
            }
            boolean hasMatch = PersonaJson.member(attributes.get(), "has-match")
                    .filter(JsonNode::isBoolean).map(JsonNode::getBooleanValue).orElse(false);
            StepStatus status = PersonaVocabulary.reportStatus(
                    PersonaJson.text(attributes.get(), "status").orElse(null), hasMatch);
            keepLatest(latest, kind.get(), new Candidate(status, createdAt(attributes.get()), position));
        }
        List<Step> steps = new ArrayList<>(latest.size());
        latest.forEach((kind, candidate) -> steps.add(new Step(kind, candidate.status())));
        return steps;
    }

    private static void keepLatest(Map<StepKind, Candidate> latest, StepKind kind, Candidate candidate) {
        Candidate known = latest.get(kind);
        if (known == null || candidate.laterThan(known)) {
            latest.put(kind, candidate);
        }
    }

    private static Instant createdAt(JsonNode attributes) {
        return PersonaJson.text(attributes, "created-at").flatMap(PersonaSnapshots::instant).orElse(Instant.EPOCH);
    }

    private static List<JsonNode> related(JsonNode resource, String relationship) {
        return PersonaJson.path(resource, "relationships", relationship, "data")
                .map(PersonaJson::elements).orElse(List.of());
    }
}
