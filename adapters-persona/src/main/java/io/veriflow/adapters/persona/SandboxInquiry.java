package io.veriflow.adapters.persona;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One inquiry as the sandbox keeps it: an immutable value, replaced on every change.
 *
 * @param templateAttribute which create attribute named the template ({@code inquiry-template-id}...)
 * @param timestamps Persona's {@code *-at} attributes that are set, by name
 */
record SandboxInquiry(
        String id,
        String accountId,
        String templateAttribute,
        String templateId,
        Optional<String> referenceId,
        String status,
        Map<String, Instant> timestamps,
        String previousStepName,
        String nextStepName,
        List<Verification> verifications,
        List<Session> sessions) {

    /** A verification of the inquiry, such as {@code verification/government-id}. */
    record Verification(String type, String id, String status, Instant createdAt) {
    }

    /** An inquiry session ({@code iqse_}), created by a resume. */
    record Session(String id, String status, Instant createdAt) {
    }

    SandboxInquiry {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(referenceId, "referenceId must not be null");
        timestamps = Map.copyOf(timestamps);
        verifications = List.copyOf(verifications);
        sessions = List.copyOf(sessions);
    }

    Instant updatedAt() {
        return timestamps.get("updated-at");
    }

    SandboxInquiry with(String newStatus, Instant at, Map<String, Instant> setTimestamps, String previousStep,
            String nextStep, List<Verification> newVerifications, List<Session> newSessions) {
        Map<String, Instant> all = new LinkedHashMap<>(timestamps);
        setTimestamps.forEach(all::putIfAbsent);
        all.put("updated-at", at);
        return new SandboxInquiry(id, accountId, templateAttribute, templateId, referenceId, newStatus, all,
                previousStep, nextStep, newVerifications, newSessions);
    }

    /** The verifications with every one of {@code type} set to {@code status}, adding one when there is none. */
    List<Verification> verificationsWith(String type, String status, String newId, Instant at) {
        List<Verification> updated = new ArrayList<>();
        boolean found = false;
        for (Verification verification : verifications) {
            if (verification.type().equals(type)) {
                updated.add(new Verification(type, verification.id(), status, verification.createdAt()));
                found = true;
            } else {
                updated.add(verification);
            }
        }
        if (!found) {
            updated.add(new Verification(type, newId, status, at));
        }
        return updated;
    }
}
