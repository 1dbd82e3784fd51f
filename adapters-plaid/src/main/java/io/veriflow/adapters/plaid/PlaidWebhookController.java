package io.veriflow.adapters.plaid;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.signal.Notification;
import io.veriflow.domain.signal.SignalMeta;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Plaid's webhooks at {@code POST /webhooks/plaid}.
 *
 * <p>The {@code Plaid-Verification} JWT is verified against the raw body before the body is parsed
 * ({@link PlaidWebhookVerifier}); a refusal is 401 and nothing is recorded; a verification key that cannot be had
 * now is 503 (Plaid delivers again). Then:
 * <ul>
 *   <li>a webhook from another Plaid environment than this deployment's ({@code veriflow.plaid.environment}) is
 *       acknowledged and ignored;
 *   <li>{@code IDENTITY_VERIFICATION} {@code STATUS_UPDATED}, {@code STEP_UPDATED} and {@code RETRIED} carry only the
 *       attempt id: each becomes a thin {@link Notification} (which asks the platform to reconcile through
 *       {@code /identity_verification/get}) recorded through {@link RecordSignal};
 *   <li>any other type or code ({@code LINK/SESSION_FINISHED}, codes Plaid adds later) is logged by name and
 *       acknowledged without recording.
 * </ul>
 * Answers: recorded or duplicate 200; no session owns the attempt (yet) 503 with {@code Retry-After}, so Plaid
 * delivers it again and nothing acknowledged is lost; a verified but malformed body 400.
 *
 * <p><b>Dedupe key.</b> Plaid's webhooks have no event id, and two different status changes of one attempt have
 * byte-identical bodies (the body is only type, code, id and environment). The key is therefore the SHA-256 of the
 * raw body together with the JWT's {@code iat} and a digest of its signature: the same delivery replayed (the same
 * header) dedupes, while another change of the same attempt is still recorded (and reconciles), even when Plaid signed
 * both in the same second ({@code iat} has whole seconds; ES256 signatures differ per signing). A redelivery by Plaid
 * is signed anew, so it may be recorded again; a thin notification recorded twice only reconciles twice.
 */
@Controller("/webhooks/plaid")
public class PlaidWebhookController {

    static final Set<String> IDV_CODES = Set.of("STATUS_UPDATED", "STEP_UPDATED", "RETRIED");
    static final Duration UNKNOWN_SESSION_RETRY_AFTER = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(PlaidWebhookController.class);
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final PlaidWebhookVerifier verifier;
    private final RecordSignal recordSignal;
    private final PlaidSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    PlaidWebhookController(PlaidWebhookVerifier verifier, RecordSignal recordSignal, PlaidSettings settings,
            JsonMapper json, Clock clock) {
        this.verifier = verifier;
        this.recordSignal = recordSignal;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Post
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> receive(@Header("Plaid-Verification") @Nullable String verification,
            @Body @Nullable byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        PlaidWebhookVerifier.Verified verified;
        switch (verifier.verify(verification, raw)) {
            case PlaidWebhookVerifier.Verified ok -> verified = ok;
            case PlaidWebhookVerifier.Refused refused -> {
                LOG.warn("Plaid webhook refused: {}", refused.reason().code());
                return answer(HttpStatus.UNAUTHORIZED, "refused", Optional.empty());
            }
            case PlaidWebhookVerifier.KeyUnavailable unavailable -> {
                LOG.warn("Plaid webhook not verified now: its key could not be fetched");
                return answer(HttpStatus.SERVICE_UNAVAILABLE, "key_unavailable",
                        Optional.of(unavailable.retryAfter().orElse(UNKNOWN_SESSION_RETRY_AFTER)));
            }
        }
        Optional<JsonNode> parsed = JsonText.parse(json, raw).filter(JsonNode::isObject);
        if (parsed.isEmpty()) {
            return answer(HttpStatus.BAD_REQUEST, "body_not_a_json_object", Optional.empty());
        }
        JsonNode webhook = parsed.get();
        Optional<String> type = JsonText.text(webhook, "webhook_type");
        Optional<String> code = JsonText.text(webhook, "webhook_code");
        if (type.isEmpty() || code.isEmpty()) {
            return answer(HttpStatus.BAD_REQUEST, "missing_webhook_type_or_code", Optional.empty());
        }
        Optional<String> environment = JsonText.text(webhook, "environment");
        if (environment.isPresent() && !environment.get().equalsIgnoreCase(settings.environment())) {
            LOG.info("Plaid webhook {}/{} from environment {} ignored: this deployment takes {}",
                    printable(type.get()), printable(code.get()), printable(environment.get()),
                    settings.environment());
            return answer(HttpStatus.OK, "ignored_other_environment", Optional.empty());
        }
        if (!type.get().equals("IDENTITY_VERIFICATION") || !IDV_CODES.contains(code.get())) {
            LOG.info("Plaid webhook {}/{} acknowledged, not recorded{}", printable(type.get()),
                    printable(code.get()), JsonText.text(webhook, "identity_verification_id")
                            .map(id -> " (attempt " + printable(id) + ")").orElse(""));
            return answer(HttpStatus.OK, "ignored", Optional.empty());
        }
        Optional<ProviderRef> ref = JsonText.text(webhook, "identity_verification_id").flatMap(id -> {
            try {
                return Optional.of(new ProviderRef(id));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
        if (ref.isEmpty()) {
            return answer(HttpStatus.BAD_REQUEST, "missing_identity_verification_id", Optional.empty());
        }
        Notification notification = new Notification(
                new SignalMeta(dedupeKey(raw, verified), new SignalName("plaid.webhook." + code.get()),
                        Optional.empty(), clock.instant()),
                ref.get(), Optional.empty());
        RawPayload payload = new RawPayload(JsonText.write(JsonText.object()
                .put("webhook_type", type.get())
                .put("webhook_code", code.get())
                .put("identity_verification_id", ref.get().value())
                .putIfPresent("environment", environment)
                .put("iat", verified.issuedAt().getEpochSecond())
                .build()));
        RecordSignal.Result result = recordSignal.record(new RecordSignal.Command(PlaidProvider.ID,
                new RecordSignal.ToProviderRef(ref.get()), notification, payload));
        return switch (result) {
            case RecordSignal.Applied applied -> {
                LOG.debug("Plaid webhook {} for attempt {} recorded", code.get(), ref.get());
                yield answer(HttpStatus.OK, "recorded", Optional.empty());
            }
            case RecordSignal.Duplicate duplicate -> answer(HttpStatus.OK, "duplicate", Optional.empty());
            case RecordSignal.UnknownSession unknown -> {
                LOG.info("Plaid webhook {} for attempt {}: no session owns it yet; Plaid will deliver it again",
                        code.get(), ref.get());
                yield answer(HttpStatus.SERVICE_UNAVAILABLE, "unknown_session",
                        Optional.of(UNKNOWN_SESSION_RETRY_AFTER));
            }
        };
    }

    /** SHA-256 of the raw body, the signature's {@code iat} and a digest of the signature; see the class comment. */
    static DedupeKey dedupeKey(byte[] raw, PlaidWebhookVerifier.Verified verified) {
        String signature = JsonText.sha256Hex(verified.signature().getBytes(StandardCharsets.US_ASCII));
        return new DedupeKey("plaid:wh:" + JsonText.sha256Hex(raw) + ":" + verified.issuedAt().getEpochSecond()
                + ":" + signature.substring(0, 16));
    }

    private static HttpResponse<String> answer(HttpStatus status, String outcome, Optional<Duration> retryAfter) {
        var response = HttpResponse.<String>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(JsonText.write(JsonText.object().put("outcome", outcome).build()));
        retryAfter.ifPresent(after -> response.header("Retry-After", Long.toString(Math.max(1, after.toSeconds()))));
        return response;
    }

    private static String printable(String value) {
        return PRINTABLE.matcher(value).matches() ? value : "<unprintable>";
    }
}
