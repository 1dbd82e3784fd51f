package io.veriflow.adapters.persona;

import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.port.out.ClientCallbackTranslator;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.SignalMeta;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates Persona client callbacks, forwarded verbatim by the product team's front end as
 * {@code {"callback": "<name>", "platform": "web|ios|android|...", ...the callback's argument...}} (for
 * {@code onEvent}: {@code "name"} and {@code "metadata"}), into client hints. Every one is a CLIENT_HINT: unsigned,
 * possibly stale or forged; {@code onComplete} never decides anything, its {@code status} is kept for the timeline.
 *
 * <table>
 *   <caption>callbacks to hints</caption>
 *   <tr><th>callback</th><th>hint</th><th>claimedRef</th></tr>
 *   <tr><td>onLoad</td><td>Informational (the iframe loaded; the flow is not interactive yet)</td><td>-</td></tr>
 *   <tr><td>onReady</td><td>FlowOpened</td><td>-</td></tr>
 *   <tr><td>onComplete {inquiryId, status, fields}</td><td>FlowFinished(status)</td><td>inquiryId</td></tr>
 *   <tr><td>onCancel {inquiryId?, sessionToken?}</td><td>FlowExited(sessionToken)</td><td>inquiryId, if any</td></tr>
 *   <tr><td>onError {status, code}</td><td>ClientFailed(code, blocks unless camera_error); no code:
 *       {@code unclassified} (mobile errors carry only a message)</td><td>-</td></tr>
 *   <tr><td>onEvent(name, metadata)</td><td>see below</td><td>metadata.inquiryId, if any</td></tr>
 *   <tr><td>anything else</td><td>Informational</td><td>inquiryId, if any</td></tr>
 * </table>
 * <table>
 *   <caption>onEvent names to hints</caption>
 *   <tr><td>start, ready</td><td>FlowOpened</td></tr>
 *   <tr><td>complete, fail</td><td>FlowFinished(metadata.status; {@code failed} for fail)</td></tr>
 *   <tr><td>exit</td><td>FlowExited(metadata.sessionToken)</td></tr>
 *   <tr><td>error</td><td>ClientFailed as for onError</td></tr>
 *   <tr><td>page-change</td><td>StepReported(step of metadata.path / name, ACTIVE) for verification pages,
 *       else Informational</td></tr>
 *   <tr><td>document-camera-select, document-camera-capture, document-upload, documents-save-successful,
 *       documents-save-fail</td><td>StepReported(DOCUMENT, ACTIVE)</td></tr>
 *   <tr><td>selfie-camera-select, selfie-camera-capture, selfie-record-upload</td>
 *       <td>StepReported(SELFIE, ACTIVE)</td></tr>
 *   <tr><td>load, load-camera-failed, camera-permissions-check-result, one-time-link-*, inquiry-load, success,
 *       country-select, verification-change, step-transitioning, click, form-update, unknown names</td>
 *       <td>Informational</td></tr>
 * </table>
 * A client never passes or fails a step: captures and uploads say only that the user is on the step (ACTIVE); the
 * outcome comes from Persona.
 *
 * <p>The dedupe key is the SHA-256 of the canonical body (members sorted, no whitespace), so the same callback
 * forwarded twice is one signal. The signal name is {@code persona.<callback>} or {@code persona.onEvent.<name>}.
 * The minimised payload keeps the callback's shape without {@code sessionToken} (it goes to the vault through the
 * hint, never to the log), without {@code fields} (personal data), without free-form members it does not know, and
 * without the metadata of events it does not know.
 */
@Singleton
public final class PersonaClientCallbacks implements ClientCallbackTranslator {

    private static final Pattern CALLBACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,47}");
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern STATUS_WORD = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    static final String UNCLASSIFIED = "unclassified";

    /** Top-level members kept in the minimised payload (everything else is dropped). */
    private static final Set<String> KEPT_MEMBERS = Set.of(
            "callback", "platform", "sdkType", "name", "inquiryId", "status", "code", "message", "debugMessage",
            "metadata");
    /** Members removed wherever they appear: the resume credential and the collected personal data. */
    private static final Set<String> SECRET_OR_PERSONAL = Set.of(
            "sessionToken", "session-token", "session_token", "accessToken", "fields");
    /** Events whose metadata is documented and free of personal data once {@link #SECRET_OR_PERSONAL} is removed. */
    private static final Set<String> KNOWN_EVENTS = Set.of(
            "start", "ready", "load", "complete", "fail", "exit", "error", "success", "inquiry-load", "page-change",
            "document-camera-select", "document-camera-capture", "document-upload", "documents-save-successful",
            "documents-save-fail", "selfie-camera-select", "selfie-camera-capture", "selfie-record-upload",
            "load-camera-failed", "camera-permissions-check-result", "one-time-link-sent", "one-time-link-start",
            "one-time-link-exit", "country-select", "verification-change");
    private static final int MAX_MESSAGE = 200;

    private final PersonaJson json;

    PersonaClientCallbacks(PersonaJson json) {
        this.json = json;
    }

    @Override
    public ProviderId provider() {
        return PersonaProvider.ID;
    }

    @Override
    public Translation translate(String body, Instant receivedAt) {
        JsonNode callback;
        try {
            callback = json.parse(body);
        } catch (IOException | RuntimeException notJson) {
            return new Unreadable("", "the body is not JSON");
        }
        if (!callback.isObject()) {
            return new Unreadable("", "the body is not a JSON object");
        }
        JsonNode nameNode = callback.get("callback");
        if (nameNode == null || !nameNode.isString() || nameNode.getStringValue().isBlank()) {
            return new Unreadable("/callback", "must be the callback's name as a string");
        }
        String name = nameNode.getStringValue().strip();
        JsonNode metadata = callback.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            return new Unreadable("/metadata", "must be an object");
        }
        return switch (name) {
            case "onEvent" -> onEvent(callback, receivedAt);
            default -> onCallback(name, callback, receivedAt);
        };
    }

    // ---- callbacks -----------------------------------------------------------------------------------------------

    private Translation onCallback(String name, JsonNode callback, Instant receivedAt) {
        Optional<ProviderRef> claimed;
        try {
            claimed = claimedRef(callback, "/inquiryId");
        } catch (BadField bad) {
            return bad.unreadable();
        }
        HintContent content;
        switch (name) {
            case "onLoad" -> content = new HintContent.Informational();
            case "onReady" -> content = new HintContent.FlowOpened();
            case "onComplete" -> content = new HintContent.FlowFinished(statusWord(callback));
            case "onCancel" -> {
                try {
                    content = new HintContent.FlowExited(token(callback, "/sessionToken"));
                } catch (BadField bad) {
                    return bad.unreadable();
                }
            }
            case "onError" -> content = failure(callback);
            default -> content = new HintContent.Informational();
        }
        String signal = CALLBACK_NAME.matcher(name).matches() ? "persona." + name : "persona.unknown";
        return translated(callback, signal, claimed, content, receivedAt, true);
    }

    private Translation onEvent(JsonNode callback, Instant receivedAt) {
        Optional<String> eventName = PersonaJson.text(callback, "name").map(String::strip);
        if (eventName.isEmpty()) {
            return new Unreadable("/name", "must be the event's name as a string");
        }
        String event = eventName.get();
        JsonNode metadata = PersonaJson.objectAt(callback, "metadata").orElse(PersonaJson.object());
        Optional<ProviderRef> claimed;
        HintContent content;
        try {
            claimed = claimedRef(metadata, "/metadata/inquiryId");
            content = switch (event) {
                case "start", "ready" -> new HintContent.FlowOpened();
                case "complete" -> new HintContent.FlowFinished(statusWord(metadata));
                case "fail" -> new HintContent.FlowFinished(statusWord(metadata).or(() -> Optional.of("failed")));
                case "exit" -> new HintContent.FlowExited(token(metadata, "/metadata/sessionToken"));
                case "error" -> failure(metadata);
                case "page-change" -> PersonaVocabulary.pageStep(PersonaJson.text(metadata, "path"),
                                PersonaJson.text(metadata, "name"))
                        .<HintContent>map(step -> new HintContent.StepReported(step, StepStatus.ACTIVE))
                        .orElseGet(HintContent.Informational::new);
                case "document-camera-select", "document-camera-capture", "document-upload",
                     "documents-save-successful", "documents-save-fail" ->
                        new HintContent.StepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE);
                case "selfie-camera-select", "selfie-camera-capture", "selfie-record-upload" ->
                        new HintContent.StepReported(StandardStep.SELFIE, StepStatus.ACTIVE);
                default -> new HintContent.Informational();
            };
        } catch (BadField bad) {
            return bad.unreadable();
        }
        String signal = EVENT_NAME.matcher(event).matches() ? "persona.onEvent." + event : "persona.onEvent.unknown";
        return translated(callback, signal, claimed, content, receivedAt, KNOWN_EVENTS.contains(event));
    }

    private Translation translated(JsonNode callback, String signal, Optional<ProviderRef> claimed,
            HintContent content, Instant receivedAt, boolean keepMetadata) {
        SignalMeta meta = new SignalMeta(new DedupeKey("persona.client." + sha256(PersonaJson.canonical(callback))),
                new SignalName(signal), Optional.empty(), receivedAt);
        return new Translated(List.of(new ClientHint(meta, claimed, content)),
                new RawPayload(PersonaJson.write(minimised(callback, keepMetadata))));
    }

    /** {@code onError}: the code (sanitised), or {@code unclassified} when there is none (mobile SDKs). */
    private static HintContent failure(JsonNode error) {
        String code = PersonaJson.text(error, "code").map(value -> value.strip().toLowerCase(Locale.ROOT))
                .map(value -> CODE.matcher(value).matches() ? value : "unknown")
                .orElse(UNCLASSIFIED);
        return new HintContent.ClientFailed(code, PersonaVocabulary.errorBlocksFlow(code));
    }

    private static Optional<String> statusWord(JsonNode node) {
        return PersonaJson.text(node, "status").map(value -> value.strip().toLowerCase(Locale.ROOT))
                .filter(value -> STATUS_WORD.matcher(value).matches());
    }

    // ---- fields --------------------------------------------------------------------------------------------------

    /** A field that is present but unusable: the body is not a callback Persona sends. */
    private static final class BadField extends Exception {
        private static final long serialVersionUID = 1L;
        private final String pointer;

        BadField(String pointer, String problem) {
            super(problem, null, false, false);
            this.pointer = pointer;
        }

        Unreadable unreadable() {
            return new Unreadable(pointer, getMessage());
        }
    }

    private static Optional<ProviderRef> claimedRef(JsonNode node, String pointer) throws BadField {
        Optional<JsonNode> value = PersonaJson.member(node, "inquiryId");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.get().isString()) {
            throw new BadField(pointer, "must be a string");
        }
        String id = value.get().getStringValue().strip();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PersonaSnapshots.providerRef(id)
                .orElseThrow(() -> new BadField(pointer, "is not an inquiry id")));
    }

    private static Optional<ClientToken> token(JsonNode node, String pointer) throws BadField {
        Optional<JsonNode> value = PersonaJson.member(node, "sessionToken");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.get().isString()) {
            throw new BadField(pointer, "must be a string");
        }
        String token = value.get().getStringValue().strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(new ClientToken(token));
    }

    // ---- minimising ----------------------------------------------------------------------------------------------

    private static JsonNode minimised(JsonNode callback, boolean keepMetadata) {
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : callback.entries()) {
            String key = member.getKey();
            if (!KEPT_MEMBERS.contains(key) || SECRET_OR_PERSONAL.contains(key)) {
                continue;
            }
            JsonNode value = member.getValue();
            if (key.equals("metadata")) {
                if (keepMetadata && value.isObject()) {
                    kept.put(key, withoutSecrets(value));
                }
            } else if ((key.equals("message") || key.equals("debugMessage")) && value.isString()) {
                String message = value.getStringValue();
                kept.put(key, PersonaJson.node(
                        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message));
            } else if (value.isValueNode() || value.isNull()) {
                kept.put(key, value);
            }
        }
        return PersonaJson.object(kept);
    }

    private static JsonNode withoutSecrets(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> kept = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> member : node.entries()) {
                if (!SECRET_OR_PERSONAL.contains(member.getKey())) {
                    kept.put(member.getKey(), withoutSecrets(member.getValue()));
                }
            }
            return PersonaJson.object(kept);
        }
        if (node.isArray()) {
            return PersonaJson.array(PersonaJson.elements(node).stream().map(PersonaClientCallbacks::withoutSecrets)
                    .toList());
        }
        return node;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
        }
    }
}
