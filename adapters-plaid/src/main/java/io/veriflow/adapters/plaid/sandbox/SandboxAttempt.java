package io.veriflow.adapters.plaid.sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One identity verification attempt held by the sandbox: the fields the platform reads, the rest of Plaid's object
 * filled with the nulls a fresh attempt has. Mutable; {@link SandboxPlaid} guards it.
 */
final class SandboxAttempt {

    /** Plaid's step keys, in Plaid's order. */
    static final List<String> STEP_KEYS = List.of("accept_tos", "verify_sms", "kyc_check", "documentary_verification",
            "selfie_check", "watchlist_screening", "risk_check");

    final String id;
    final String clientUserId;
    final String templateId;
    final Instant createdAt;
    final Optional<String> previousAttemptId;
    final boolean shareable;
    Optional<Instant> completedAt = Optional.empty();
    String status = "active";
    final Map<String, String> steps = new LinkedHashMap<>();

    SandboxAttempt(String id, String clientUserId, String templateId, Instant createdAt,
            Optional<String> previousAttemptId, boolean shareable) {
        this.id = id;
        this.clientUserId = clientUserId;
        this.templateId = templateId;
        this.createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
        this.previousAttemptId = previousAttemptId;
        this.shareable = shareable;
    }

    /** The sandbox template: terms, SMS, data check, document fallback and risk; no selfie, no screening. */
    void startFresh(boolean gaveConsent) {
        steps.put("accept_tos", gaveConsent ? "skipped" : "active");
        steps.put("verify_sms", gaveConsent ? "active" : "waiting_for_prerequisite");
        steps.put("kyc_check", "waiting_for_prerequisite");
        steps.put("documentary_verification", "waiting_for_prerequisite");
        steps.put("selfie_check", "not_applicable");
        steps.put("watchlist_screening", "not_applicable");
        steps.put("risk_check", "waiting_for_prerequisite");
    }

    /** Makes the first step still waiting the active one, when none is active. */
    void activateNext() {
        if (steps.containsValue("active")) {
            return;
        }
        for (Map.Entry<String, String> step : steps.entrySet()) {
            if (step.getValue().equals("waiting_for_prerequisite")) {
                step.setValue("active");
                return;
            }
        }
    }

    /** Every step still open (active or waiting) becomes {@code to}. */
    void settleOpenSteps(String to) {
        steps.replaceAll((key, value) -> value.equals("active") || value.equals("waiting_for_prerequisite")
                ? to : value);
    }

    boolean open() {
        return status.equals("active");
    }

    Map<String, Object> toJson(String requestId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("client_user_id", clientUserId);
        json.put("created_at", createdAt.toString());
        json.put("completed_at", completedAt.map(Instant::toString).orElse(null));
        json.put("previous_attempt_id", previousAttemptId.orElse(null));
        json.put("shareable_url", shareable ? "https://flow.plaid.com/verify/" + id + "?key=sandbox" : null);
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("id", templateId);
        template.put("version", 1);
        json.put("template", template);
        Map<String, Object> user = new LinkedHashMap<>();
        for (String key : List.of("phone_number", "date_of_birth", "ip_address", "email_address", "name", "address",
                "id_number")) {
            user.put(key, null);
        }
        json.put("user", user);
        json.put("status", status);
        json.put("steps", new LinkedHashMap<>(steps));
        for (String key : List.of("documentary_verification", "selfie_check", "kyc_check", "risk_check",
                "verify_sms", "watchlist_screening_id", "beacon_user_id", "user_id", "redacted_at",
                "latest_scored_protect_event")) {
            json.put(key, null);
        }
        json.put("request_id", requestId);
        return json;
    }

    Map<String, Object> toListItem() {
        Map<String, Object> json = toJson("");
        json.remove("request_id");
        return json;
    }
}
