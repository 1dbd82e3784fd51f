package io.veriflow.adapters.plaid;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of Plaid's {@code IdentityVerification} object that the platform uses (ids, times, status, steps).
 * Personal data ({@code user}, document and check details) is never read. Unknown fields, statuses, step keys and
 * step statuses are tolerated; a missing required field or an unreadable id or time is a contract violation.
 *
 * @param steps {@code steps} entries in Plaid's order: key and raw status
 */
record IdvResource(
        ProviderRef id,
        Optional<SubjectRef> clientUserId,
        Optional<String> templateId,
        Instant createdAt,
        Optional<Instant> completedAt,
        Optional<ProviderRef> previousAttemptId,
        String status,
        List<Map.Entry<String, String>> steps) {

    IdvResource {
        steps = List.copyOf(steps);
    }

    static IdvResource parse(JsonNode node, PlaidEndpoint from) {
        if (node == null || !node.isObject()) {
            throw PlaidErrors.unreadable(from, "an identity verification that is not a JSON object");
        }
        ProviderRef id = ref(node, "id", from)
                .orElseThrow(() -> PlaidErrors.unreadable(from, "an identity verification without an id"));
        Optional<SubjectRef> subject = JsonText.text(node, "client_user_id").map(value -> {
            try {
                return new SubjectRef(value);
            } catch (IllegalArgumentException e) {
                throw PlaidErrors.unreadable(from, "an unusable client_user_id for " + id);
            }
        });
        Optional<String> template = Optional.ofNullable(node.get("template"))
                .flatMap(t -> JsonText.text(t, "id"));
        Instant created = time(node, "created_at", from, id)
                .orElseThrow(() -> PlaidErrors.unreadable(from, "identity verification " + id + " without created_at"));
        Optional<Instant> completed = time(node, "completed_at", from, id);
        Optional<ProviderRef> previous = ref(node, "previous_attempt_id", from);
        if (previous.isPresent() && previous.get().equals(id)) {
            throw PlaidErrors.unreadable(from, "identity verification " + id + " naming itself as previous attempt");
        }
        JsonNode statusNode = node.get("status");
        if (statusNode == null || !statusNode.isString()) {
            throw PlaidErrors.unreadable(from, "identity verification " + id + " without a status");
        }
        JsonNode stepsNode = node.get("steps");
        if (stepsNode == null || !stepsNode.isObject()) {
            throw PlaidErrors.unreadable(from, "identity verification " + id + " without a steps object");
        }
        List<Map.Entry<String, String>> steps = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : stepsNode.entries()) {
            if (entry.getValue() != null && entry.getValue().isString()) {
                steps.add(Map.entry(entry.getKey(), entry.getValue().getStringValue()));
            }
        }
        return new IdvResource(id, subject, template, created, completed, previous, statusNode.getStringValue(),
                steps);
    }

    /**
     * This attempt in neutral terms. Plaid has no {@code updated_at}, so {@code asOf} is the latest of
     * {@code created_at}, {@code completed_at} and our fetch time: snapshots fetched later order after earlier ones,
     * and a provider timestamp ahead of our clock still wins. Steps whose status Plaid added after this adapter was
     * written are left out; reasons are left to the domain (it derives them from failed and reviewed steps).
     */
    Snapshot toSnapshot(Instant fetchedAt) {
        Instant asOf = createdAt;
        if (completedAt.isPresent() && completedAt.get().isAfter(asOf)) {
            asOf = completedAt.get();
        }
        if (fetchedAt.isAfter(asOf)) {
            asOf = fetchedAt;
        }
        List<Step> neutral = new ArrayList<>();
        Set<StepKind> seen = new HashSet<>();
        for (Map.Entry<String, String> entry : steps) {
            Optional<StepStatus> stepStatus = PlaidVocabulary.stepStatus(entry.getValue());
            if (stepStatus.isEmpty()) {
                continue;
            }
            StepKind kind = PlaidVocabulary.step(entry.getKey());
            if (seen.add(kind)) {
                neutral.add(new Step(kind, stepStatus.get()));
            }
        }
        return new Snapshot(id, previousAttemptId, clientUserId, PlaidVocabulary.sessionStatus(status), status,
                neutral, List.of(), asOf);
    }

    private static Optional<ProviderRef> ref(JsonNode node, String key, PlaidEndpoint from) {
        return JsonText.text(node, key).map(value -> {
            try {
                return new ProviderRef(value);
            } catch (IllegalArgumentException e) {
                throw PlaidErrors.unreadable(from, "an unusable " + key);
            }
        });
    }

    private static Optional<Instant> time(JsonNode node, String key, PlaidEndpoint from, ProviderRef id) {
        return JsonText.text(node, key).map(value -> {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw PlaidErrors.unreadable(from, "identity verification " + id + " with an unreadable " + key);
            }
        });
    }
}
