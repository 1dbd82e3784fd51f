package io.veriflow.adapters.plaid.sandbox;

import io.micronaut.context.annotation.Requires;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The offline sandbox's Plaid: link tokens and identity verification attempts in memory, answering in Plaid's API
 * shapes ({@code /link/token/create}, {@code /identity_verification/create|get|list|retry}) with Plaid's error object
 * on failures, plus the two controls a test or quickstart needs instead of a browser: opening Link for a token, and
 * simulating what the user (or a reviewer) does. Every change that Plaid announces by webhook yields the webhook to
 * send ({@link Answer#webhooks()}); the caller sends them once the state is consistent.
 */
@Singleton
@Requires(condition = SandboxActive.class)
final class SandboxPlaid {

    static final Duration LINK_TOKEN_LIFETIME = Duration.ofHours(4);
    static final String ENVIRONMENT = "sandbox";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * What to answer: the HTTP status and Plaid-shaped body, and the webhooks the change triggers.
     *
     * @param webhooks pairs of {@code webhook_code} and attempt id
     */
    record Answer(int status, Map<String, Object> body, List<Webhook> webhooks) {
        Answer {
            webhooks = List.copyOf(webhooks);
        }

        static Answer ok(Map<String, Object> body, Webhook... webhooks) {
            return new Answer(200, body, List.of(webhooks));
        }
    }

    /** An IDV webhook to send. */
    record Webhook(String code, String identityVerificationId) {
    }

    private record LinkSession(String clientUserId, String templateId, Instant expiration) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, LinkSession> linkTokens = new LinkedHashMap<>();
    private final Map<String, SandboxAttempt> attempts = new LinkedHashMap<>();

    SandboxPlaid(Clock clock) {
        this.clock = clock;
    }

    synchronized Answer linkTokenCreate(JsonNode body) {
        List<String> missing = new ArrayList<>();
        for (String key : List.of("client_name", "language", "country_codes", "products")) {
            if (!SandboxJson.has(body, key)) {
                missing.add(key);
            }
        }
        JsonNode user = body.get("user");
        Optional<String> clientUserId = SandboxJson.text(user, "client_user_id");
        if (clientUserId.isEmpty()) {
            missing.add("user.client_user_id");
        }
        JsonNode idv = body.get("identity_verification");
        Optional<String> templateId = SandboxJson.text(idv, "template_id");
        if (templateId.isEmpty()) {
            missing.add("identity_verification.template_id");
        }
        if (!missing.isEmpty()) {
            return error(400, "INVALID_REQUEST", "MISSING_FIELDS",
                    "the following required fields are missing: " + String.join(", ", missing));
        }
        JsonNode products = body.get("products");
        boolean idvOnly = products.isArray() && products.size() == 1 && products.get(0).isString()
                && products.get(0).getStringValue().equals("identity_verification");
        if (!idvOnly) {
            return error(400, "INVALID_REQUEST", "INVALID_FIELD",
                    "the sandbox serves identity_verification only, which cannot be combined with other products");
        }
        JsonNode countries = body.get("country_codes");
        if (!countries.isArray() || countries.size() == 0) {
            return error(400, "INVALID_REQUEST", "INVALID_FIELD", "country_codes must be a non-empty array");
        }
        String token = "link-sandbox-" + UUID.randomUUID();
        Instant expiration = now().plus(LINK_TOKEN_LIFETIME);
        linkTokens.put(token, new LinkSession(clientUserId.get(), templateId.get(), expiration));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("link_token", token);
        answer.put("expiration", expiration.toString());
        answer.put("request_id", requestId());
        return Answer.ok(answer);
    }

    synchronized Answer create(JsonNode body) {
        List<String> missing = new ArrayList<>();
        for (String key : List.of("template_id", "is_shareable", "gave_consent")) {
            if (!SandboxJson.has(body, key)) {
                missing.add(key);
            }
        }
        Optional<String> clientUserId = SandboxJson.text(body, "client_user_id");
        if (clientUserId.isEmpty()) {
            missing.add("client_user_id");
        }
        if (!missing.isEmpty()) {
            return error(400, "INVALID_REQUEST", "MISSING_FIELDS",
                    "the following required fields are missing: " + String.join(", ", missing));
        }
        String templateId = SandboxJson.text(body, "template_id").orElse("");
        Optional<SandboxAttempt> existing = latest(clientUserId.get(), templateId);
        if (existing.isPresent()) {
            if (SandboxJson.bool(body, "is_idempotent").orElse(false)) {
                return Answer.ok(existing.get().toJson(requestId()));
            }
            return error(400, "INVALID_REQUEST", "INVALID_FIELD",
                    "an identity verification already exists for this client_user_id and template; retry it instead");
        }
        SandboxAttempt attempt = newAttempt(clientUserId.get(), templateId, Optional.empty(),
                SandboxJson.bool(body, "is_shareable").orElse(false));
        attempt.startFresh(SandboxJson.bool(body, "gave_consent").orElse(false));
        return Answer.ok(attempt.toJson(requestId()));
    }

    synchronized Answer get(JsonNode body) {
        Optional<String> id = SandboxJson.text(body, "identity_verification_id");
        if (id.isEmpty()) {
            return error(400, "INVALID_REQUEST", "MISSING_FIELDS",
                    "the following required fields are missing: identity_verification_id");
        }
        SandboxAttempt attempt = attempts.get(id.get());
        if (attempt == null) {
            return unknownAttempt();
        }
        return Answer.ok(attempt.toJson(requestId()));
    }

    /** Newest first; one page (the sandbox never has enough attempts per user to page). */
    synchronized Answer list(JsonNode body) {
        Optional<String> templateId = SandboxJson.text(body, "template_id");
        if (templateId.isEmpty()) {
            return error(400, "INVALID_REQUEST", "MISSING_FIELDS",
                    "the following required fields are missing: template_id");
        }
        Optional<String> clientUserId = SandboxJson.text(body, "client_user_id");
        List<Map<String, Object>> items = attempts.values().stream()
                .filter(attempt -> attempt.templateId.equals(templateId.get()))
                .filter(attempt -> clientUserId.map(attempt.clientUserId::equals).orElse(true))
                .sorted(newestFirst())
                .map(SandboxAttempt::toListItem)
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("identity_verifications", items);
        answer.put("next_cursor", null);
        answer.put("request_id", requestId());
        return Answer.ok(answer);
    }

    synchronized Answer retry(JsonNode body) {
        List<String> missing = new ArrayList<>();
        for (String key : List.of("client_user_id", "template_id", "strategy")) {
            if (SandboxJson.text(body, key).isEmpty()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            return error(400, "INVALID_REQUEST", "MISSING_FIELDS",
                    "the following required fields are missing: " + String.join(", ", missing));
        }
        String clientUserId = SandboxJson.text(body, "client_user_id").orElseThrow();
        String templateId = SandboxJson.text(body, "template_id").orElseThrow();
        String strategy = SandboxJson.text(body, "strategy").orElseThrow();
        if (!List.of("reset", "incomplete", "infer", "custom").contains(strategy)) {
            return error(400, "INVALID_REQUEST", "INVALID_FIELD", "strategy must be reset, incomplete, infer or custom");
        }
        boolean hasSteps = SandboxJson.has(body, "steps");
        if (hasSteps != strategy.equals("custom")) {
            return error(400, "INVALID_REQUEST", "INVALID_FIELD", "steps must be given with strategy custom, and only then");
        }
        Optional<SandboxAttempt> previous = latest(clientUserId, templateId);
        if (previous.isEmpty()) {
            return error(400, "INVALID_REQUEST", "INVALID_FIELD",
                    "no identity verification to retry for this client_user_id and template");
        }
        SandboxAttempt before = previous.get();
        if (strategy.equals("infer") && before.open()) {
            return error(400, "INVALID_REQUEST", "INVALID_FIELD",
                    "strategy infer is not allowed while the latest attempt is still active");
        }
        Map<String, Boolean> custom = new LinkedHashMap<>();
        if (strategy.equals("custom")) {
            JsonNode steps = body.get("steps");
            for (String key : List.of("verify_sms", "kyc_check", "documentary_verification", "selfie_check")) {
                Optional<Boolean> flag = SandboxJson.bool(steps, key);
                if (flag.isEmpty()) {
                    return error(400, "INVALID_REQUEST", "MISSING_FIELDS",
                            "the following required fields are missing: steps." + key);
                }
                custom.put(key, flag.get());
            }
            // Sandbox: selfie_check is silently dropped, as on Plaid's sandbox.
            custom.put("selfie_check", false);
        }
        SandboxAttempt attempt = newAttempt(clientUserId, templateId, Optional.of(before.id), false);
        attempt.startFresh(false);
        boolean incomplete = strategy.equals("incomplete")
                || (strategy.equals("infer") && (before.status.equals("failed") || before.status.equals("expired")));
        if (incomplete) {
            before.steps.forEach((key, value) -> {
                if (value.equals("success") || value.equals("manually_approved")) {
                    attempt.steps.put(key, "skipped");
                } else if (!value.equals("not_applicable")) {
                    attempt.steps.put(key, "waiting_for_prerequisite");
                }
            });
            attempt.activateNext();
        } else if (!custom.isEmpty()) {
            custom.forEach((key, run) -> attempt.steps.put(key, run ? "waiting_for_prerequisite" : "skipped"));
        }
        return Answer.ok(attempt.toJson(requestId()), new Webhook("RETRIED", attempt.id));
    }

    /**
     * What Link does when the user opens it with {@code linkToken}: it resumes the user's latest attempt for the
     * template, or creates one.
     */
    synchronized Answer open(String linkToken) {
        LinkSession session = linkTokens.get(linkToken);
        if (session == null) {
            return error(400, "INVALID_INPUT", "INVALID_LINK_TOKEN", "invalid link_token provided");
        }
        SandboxAttempt attempt = latest(session.clientUserId(), session.templateId()).orElseGet(() -> {
            SandboxAttempt created = newAttempt(session.clientUserId(), session.templateId(), Optional.empty(), false);
            created.startFresh(false);
            return created;
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("identity_verification_id", attempt.id);
        answer.put("link_session_id", attempt.id);
        answer.put("status", attempt.status);
        return Answer.ok(answer);
    }

    /**
     * Simulates an outcome: {@code pass_step:<step>}, {@code fail_step:<step>} (a step key such as {@code kyc_check}
     * or a Link view name such as {@code KYC_CHECK}), {@code success}, {@code failed}, {@code pending_review},
     * {@code expired} or {@code canceled}. Session outcomes apply from any status, as Dashboard overrides and review
     * decisions do on Plaid.
     */
    synchronized Answer simulate(String id, String outcome) {
        SandboxAttempt attempt = attempts.get(id);
        if (attempt == null) {
            return unknownAttempt();
        }
        String[] parts = outcome.strip().split(":", 2);
        String what = parts[0].toLowerCase(Locale.ROOT);
        Optional<String> step = parts.length == 2 ? stepKey(parts[1]) : Optional.empty();
        switch (what) {
            case "pass_step", "fail_step" -> {
                if (step.isEmpty()) {
                    return error(400, "INVALID_REQUEST", "INVALID_FIELD",
                            "outcome " + what + " needs a step: " + what + ":<step>, one of " + SandboxAttempt.STEP_KEYS);
                }
                boolean pass = what.equals("pass_step");
                attempt.steps.put(step.get(), pass ? "success" : "failed");
                if (pass) {
                    attempt.activateNext();
                }
                return Answer.ok(attempt.toJson(requestId()), new Webhook("STEP_UPDATED", attempt.id));
            }
            case "success" -> {
                attempt.steps.replaceAll((key, value) -> value.equals("pending_review") || value.equals("failed")
                        ? "manually_approved" : value);
                attempt.settleOpenSteps("success");
                finish(attempt, "success");
            }
            case "failed" -> {
                attempt.steps.replaceAll((key, value) -> value.equals("pending_review") ? "manually_rejected"
                        : value.equals("active") ? "failed" : value);
                if (!attempt.steps.containsValue("failed") && !attempt.steps.containsValue("manually_rejected")) {
                    attempt.steps.put("kyc_check", "failed");
                }
                finish(attempt, "failed");
            }
            case "pending_review" -> {
                attempt.steps.put("watchlist_screening", "pending_review");
                attempt.settleOpenSteps("success");
                finish(attempt, "pending_review");
            }
            case "expired" -> {
                attempt.settleOpenSteps("expired");
                attempt.status = "expired";
                attempt.completedAt = Optional.empty();
            }
            case "canceled" -> {
                attempt.settleOpenSteps("canceled");
                attempt.status = "canceled";
                attempt.completedAt = Optional.empty();
            }
            default -> {
                return error(400, "INVALID_REQUEST", "INVALID_FIELD", "outcome must be pass_step:<step>, "
                        + "fail_step:<step>, success, failed, pending_review, expired or canceled");
            }
        }
        return Answer.ok(attempt.toJson(requestId()), new Webhook("STATUS_UPDATED", attempt.id));
    }

    private void finish(SandboxAttempt attempt, String status) {
        attempt.status = status;
        attempt.completedAt = Optional.of(now());
    }

    private static Optional<String> stepKey(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (key.equals("screening")) {
            key = "watchlist_screening";
        }
        return SandboxAttempt.STEP_KEYS.contains(key) ? Optional.of(key) : Optional.empty();
    }

    private SandboxAttempt newAttempt(String clientUserId, String templateId, Optional<String> previous,
            boolean shareable) {
        SandboxAttempt attempt = new SandboxAttempt("idv_" + randomText(14), clientUserId, templateId, now(),
                previous, shareable);
        attempts.put(attempt.id, attempt);
        return attempt;
    }

    private Optional<SandboxAttempt> latest(String clientUserId, String templateId) {
        return attempts.values().stream()
                .filter(attempt -> attempt.clientUserId.equals(clientUserId) && attempt.templateId.equals(templateId))
                .min(newestFirst());
    }

    /** Newest first; attempts created in the same second keep their creation order, newest first. */
    private Comparator<SandboxAttempt> newestFirst() {
        List<SandboxAttempt> order = new ArrayList<>(attempts.values());
        return Comparator.comparing((SandboxAttempt attempt) -> attempt.createdAt)
                .thenComparing(order::indexOf)
                .reversed();
    }

    private Answer unknownAttempt() {
        return error(400, "INVALID_REQUEST", "INVALID_FIELD",
                "identity_verification_id does not name an identity verification");
    }

    private Answer error(int status, String type, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_type", type);
        body.put("error_code", code);
        body.put("error_message", message);
        body.put("display_message", null);
        body.put("request_id", requestId());
        return new Answer(status, body, List.of());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private String requestId() {
        return randomText(15);
    }

    private String randomText(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
