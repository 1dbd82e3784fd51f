package io.veriflow.adapters.plaid.sandbox;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The offline Plaid sandbox, at {@code /sandbox/plaid}: Plaid's API for what the adapter calls, and two controls.
 * Active only when no Plaid credentials are configured ({@link SandboxActive}).
 *
 * <pre>
 * POST /sandbox/plaid/link/token/create                 Plaid's /link/token/create (identity_verification only)
 * POST /sandbox/plaid/identity_verification/create      Plaid's API, in memory
 * POST /sandbox/plaid/identity_verification/get
 * POST /sandbox/plaid/identity_verification/list
 * POST /sandbox/plaid/identity_verification/retry       sends RETRIED for the new attempt
 * POST /sandbox/plaid/webhook_verification_key/get      the sandbox's ES256 public key
 * POST /sandbox/plaid/link/{link_token}/open            the user opens Link: resumes or creates the attempt,
 *                                                       answers {"identity_verification_id", "link_session_id"}
 * POST /sandbox/plaid/identity_verification/{id}/simulate  {"outcome": "pass_step:&lt;step&gt;|fail_step:&lt;step&gt;|
 *                                                       success|failed|pending_review|expired|canceled"}; sends
 *                                                       STEP_UPDATED or STATUS_UPDATED, signed, to /webhooks/plaid
 * </pre>
 * The control endpoints answer with the attempt and what became of the webhook ({@code delivered}, the HTTP status
 * this service gave it); an unacknowledged webhook is delivered again later, as Plaid does.
 */
@Controller(PlaidSandboxController.BASE)
@Requires(condition = SandboxActive.class)
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
final class PlaidSandboxController {

    static final String BASE = "/sandbox/plaid";

    private final SandboxPlaid plaid;
    private final SandboxWebhooks webhooks;
    private final JsonMapper json;

    PlaidSandboxController(SandboxPlaid plaid, SandboxWebhooks webhooks, JsonMapper json) {
        this.plaid = plaid;
        this.webhooks = webhooks;
        this.json = json;
    }

    @Post("/link/token/create")
    HttpResponse<String> linkTokenCreate(@Body @Nullable byte[] body) {
        return api(body, plaid::linkTokenCreate);
    }

    @Post("/identity_verification/create")
    HttpResponse<String> create(@Body @Nullable byte[] body) {
        return api(body, plaid::create);
    }

    @Post("/identity_verification/get")
    HttpResponse<String> get(@Body @Nullable byte[] body) {
        return api(body, plaid::get);
    }

    @Post("/identity_verification/list")
    HttpResponse<String> list(@Body @Nullable byte[] body) {
        return api(body, plaid::list);
    }

    @Post("/identity_verification/retry")
    HttpResponse<String> retry(@Body @Nullable byte[] body) {
        return api(body, plaid::retry);
    }

    @Post("/webhook_verification_key/get")
    HttpResponse<String> webhookVerificationKey(@Body @Nullable byte[] body) {
        Optional<JsonNode> request = SandboxJson.parse(json, body == null ? new byte[0] : body);
        Optional<String> keyId = request.flatMap(node -> SandboxJson.text(node, "key_id"));
        if (keyId.isEmpty()) {
            return plaidError(400, "INVALID_REQUEST", "MISSING_FIELDS",
                    "the following required fields are missing: key_id");
        }
        if (!keyId.get().equals(webhooks.keyId())) {
            return plaidError(400, "INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID",
                    "invalid key_id provided. note that key_ids are specific to Plaid environments, and "
                            + "verification requests must be made to the same environment that the webhook was sent from");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", webhooks.publicKey());
        answer.put("request_id", "sandbox" + Long.toHexString(System.nanoTime()));
        return HttpResponse.ok(SandboxJson.pretty(answer));
    }

    @Post("/link/{linkToken}/open")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<String> open(@PathVariable String linkToken) {
        return send(plaid.open(linkToken));
    }

    @Post("/identity_verification/{id}/simulate")
    HttpResponse<String> simulate(@PathVariable String id, @Body @Nullable byte[] body) {
        Optional<String> outcome = SandboxJson.parse(json, body == null ? new byte[0] : body)
                .flatMap(node -> SandboxJson.text(node, "outcome"));
        if (outcome.isEmpty()) {
            return plaidError(400, "INVALID_REQUEST", "MISSING_FIELDS",
                    "the following required fields are missing: outcome");
        }
        SandboxPlaid.Answer answer = plaid.simulate(id, outcome.get());
        if (answer.status() != 200) {
            return send(answer);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("identity_verification", answer.body());
        result.put("webhooks", deliver(answer));
        return HttpResponse.ok(SandboxJson.pretty(result));
    }

    private HttpResponse<String> api(@Nullable byte[] body, Function<JsonNode, SandboxPlaid.Answer> operation) {
        Optional<JsonNode> request = SandboxJson.parse(json, body == null ? new byte[0] : body);
        if (request.isEmpty()) {
            return plaidError(400, "INVALID_REQUEST", "INVALID_BODY", "body could not be parsed as a JSON object");
        }
        SandboxPlaid.Answer answer = operation.apply(request.get());
        deliver(answer);
        return send(answer);
    }

    private List<Map<String, Object>> deliver(SandboxPlaid.Answer answer) {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (SandboxPlaid.Webhook webhook : answer.webhooks()) {
            SandboxWebhooks.Delivery delivery = webhooks.send(webhook.code(), webhook.identityVerificationId());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("webhook_code", delivery.code());
            report.put("identity_verification_id", delivery.identityVerificationId());
            report.put("delivered", delivery.delivered());
            report.put("status", delivery.status().orElse(null));
            reports.add(report);
        }
        return reports;
    }

    private static HttpResponse<String> send(SandboxPlaid.Answer answer) {
        return HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(answer.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(SandboxJson.pretty(answer.body()));
    }

    private static HttpResponse<String> plaidError(int status, String type, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_type", type);
        body.put("error_code", code);
        body.put("error_message", message);
        body.put("display_message", null);
        body.put("request_id", "sandbox" + Long.toHexString(System.nanoTime()));
        return send(new SandboxPlaid.Answer(status, body, List.of()));
    }
}
