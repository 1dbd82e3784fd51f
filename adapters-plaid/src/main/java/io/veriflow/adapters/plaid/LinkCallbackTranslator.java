package io.veriflow.adapters.plaid;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Translated;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Translation;
import io.veriflow.domain.port.out.ClientCallbackTranslator.Unreadable;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.SignalMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Translates a Plaid Link client callback, as the front end forwards it, into client hints.
 *
 * <h2>Forwarded body shapes</h2>
 * The front end posts the callback's arguments as JSON, exactly as Link handed them over; the shape is detected by its
 * keys (there is no discriminator), in this order:
 * <ol>
 *   <li>{@code {"redirect": "plaidlink://connected|exit|event?..."}}: a webview navigation, the URI verbatim;
 *   <li>{@code {"events": [ {eventName, metadata}, ... ]}}: a batch of {@code onEvent} calls (Link delivers most
 *       events in one batch when it closes);
 *   <li>{@code {"eventName": ..., "metadata": {...}}}: one {@code onEvent};
 *   <li>{@code {"public_token": ..., "metadata": {...}}} (or {@code publicToken}): {@code onSuccess};
 *   <li>{@code {"error": ..., "metadata": {...}}} (or {@code metadata} alone): {@code onExit}.
 * </ol>
 * Web metadata is snake_case with {@code null} for absent values. The React Native, iOS and Android SDKs use
 * camelCase ({@code linkSessionId}, {@code linkSessionID}, {@code viewName}...), empty strings for absent values and
 * a {@code metadataJson}/{@code metadataJSON} string with Plaid's raw snake_case metadata; all of these are read, and
 * camelCase event and view names ({@code identityVerificationPassStep}, {@code acceptTOS}) are normalised to Plaid's
 * SCREAMING_SNAKE strings.
 *
 * <h2>What each callback means</h2>
 * Nothing here is a decision: {@code onSuccess} and the session events only say the user reached the end.
 * {@code link_session_id} is the IDV attempt id to fetch; it becomes the hint's claimed reference when it has the
 * {@code idv_} shape (a bank-linking session's UUID is kept in the payload only). The dedupe key is the SHA-256 of the
 * canonical JSON of each callback (each event of a batch on its own, so an event forwarded alone and in a batch
 * dedupes), or of the redirect URI. The minimised payload keeps names, ids, timestamps and error codes only: no
 * tokens, no free-text messages, no institution or account details beyond their ids.
 */
final class LinkCallbackTranslator {

    /** Batches larger than this are refused rather than stored. */
    static final int MAX_EVENTS = 500;

    private static final int MAX_VALUE_LENGTH = 200;
    private static final Pattern SIGNAL_NAME_CHAR = Pattern.compile("[^A-Za-z0-9_.:/-]");
    private static final Pattern CAMEL = Pattern.compile("[a-z][A-Za-z0-9]*");

    private final JsonMapper json;

    LinkCallbackTranslator(JsonMapper json) {
        this.json = json;
    }

    Translation translate(String body, Instant receivedAt) {
        Optional<JsonNode> parsed = body == null ? Optional.empty() : JsonText.parse(json, body);
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            return new Unreadable("", "the body is not a JSON object");
        }
        JsonNode root = parsed.get();
        List<Unit> units = new ArrayList<>();
        String kind;
        if (JsonText.has(root, "redirect")) {
            kind = "redirect";
            JsonNode redirect = root.get("redirect");
            if (!redirect.isString()) {
                return new Unreadable("/redirect", "must be a plaidlink:// URI string");
            }
            Optional<LinkRedirect> uri = LinkRedirect.parse(redirect.getStringValue());
            if (uri.isEmpty()) {
                return new Unreadable("/redirect", "is not a plaidlink:// URI");
            }
            units.add(fromRedirect(uri.get(), redirect.getStringValue()));
        } else if (JsonText.has(root, "events")) {
            kind = "events";
            JsonNode events = root.get("events");
            if (!events.isArray() || events.size() == 0) {
                return new Unreadable("/events", "must be a non-empty array of {eventName, metadata}");
            }
            if (events.size() > MAX_EVENTS) {
                return new Unreadable("/events", "has more than " + MAX_EVENTS + " events");
            }
            for (int i = 0; i < events.size(); i++) {
                JsonNode event = events.get(i);
                Optional<Unit> unit = event != null && event.isObject() ? fromEvent(event) : Optional.empty();
                if (unit.isEmpty()) {
                    return new Unreadable("/events/" + i + "/eventName", "each event needs an eventName");
                }
                units.add(unit.get());
            }
        } else if (JsonText.has(root, "eventName") || JsonText.has(root, "event_name")) {
            kind = "onEvent";
            Optional<Unit> unit = fromEvent(root);
            if (unit.isEmpty()) {
                return new Unreadable("/eventName", "must be a non-empty string");
            }
            units.add(unit.get());
        } else if (JsonText.has(root, "public_token") || JsonText.has(root, "publicToken")) {
            kind = "onSuccess";
            units.add(fromSuccess(root));
        } else if (JsonText.has(root, "error") || JsonText.has(root, "metadata")) {
            kind = "onExit";
            units.add(fromExit(root));
        } else {
            return new Unreadable("", "not a Plaid Link callback: expected redirect, events, eventName, "
                    + "public_token, or error with metadata");
        }
        List<ClientHint> hints = new ArrayList<>();
        List<JsonNode> minimised = new ArrayList<>();
        for (Unit unit : units) {
            hints.addAll(unit.hints(receivedAt));
            minimised.add(unit.minimised());
        }
        JsonNode payload = JsonText.object()
                .put("callback", kind)
                .put("items", JsonNode.createArrayNode(minimised))
                .build();
        return new Translated(hints, new RawPayload(JsonText.write(payload)));
    }

    // ---------------------------------------------------------------------------------------------------- shapes

    private Optional<Unit> fromEvent(JsonNode event) {
        Optional<String> rawName = JsonText.text(event, "eventName").or(() -> JsonText.text(event, "event_name"));
        if (rawName.isEmpty()) {
            return Optional.empty();
        }
        String name = screamingSnake(rawName.get());
        Fields fields = Fields.of(event.get("metadata"), json);
        return Optional.of(new Unit(Channel.ON_EVENT, Optional.of(name), fields,
                JsonText.sha256Hex(JsonText.canonical(event))));
    }

    private Unit fromSuccess(JsonNode root) {
        Fields fields = Fields.of(root.get("metadata"), json);
        return new Unit(Channel.ON_SUCCESS, Optional.empty(), fields, JsonText.sha256Hex(JsonText.canonical(root)));
    }

    private Unit fromExit(JsonNode root) {
        Fields fields = Fields.of(root.get("metadata"), json);
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            fields = fields.withError(error, json);
        }
        return new Unit(Channel.ON_EXIT, Optional.empty(), fields, JsonText.sha256Hex(JsonText.canonical(root)));
    }

    private Unit fromRedirect(LinkRedirect redirect, String uri) {
        // Only the keys the translator reads are taken: public_token, institution_name, the user-facing
        // display_message (or error_display_message, as the docs' own example spells it) and error_message are
        // accepted and dropped.
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : Fields.KEYS) {
            redirect.get(key).ifPresent(value -> values.put(key, value));
        }
        redirect.get("accounts").ifPresent(accounts -> values.put("account_ids", accountIds(accounts)));
        String digest = JsonText.sha256Hex(uri.strip());
        Fields fields = new Fields(values);
        return switch (redirect.host()) {
            case "connected" -> new Unit(Channel.REDIRECT_CONNECTED, Optional.empty(), fields, digest);
            case "exit" -> new Unit(Channel.REDIRECT_EXIT, Optional.empty(), fields, digest);
            case "event" -> new Unit(Channel.REDIRECT_EVENT,
                    redirect.get("event_name").map(LinkCallbackTranslator::screamingSnake), fields, digest);
            default -> new Unit(Channel.REDIRECT_OTHER, Optional.of(redirect.host()), fields, digest);
        };
    }

    /** The {@code _id}s of a webview {@code accounts} JSON array, comma-separated; nothing else of it is kept. */
    private String accountIds(String accounts) {
        String text = accounts.strip();
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            text = text.substring(1, text.length() - 1);
        }
        List<String> ids = new ArrayList<>();
        JsonText.parse(json, text).filter(JsonNode::isArray).ifPresent(array -> {
            for (JsonNode account : array.values()) {
                JsonText.text(account, "_id").or(() -> JsonText.text(account, "id")).ifPresent(ids::add);
            }
        });
        return String.join(",", ids);
    }

    // ---------------------------------------------------------------------------------------------------- meaning

    /** Where a callback came from; decides the signal name and what the callback means. */
    enum Channel {
        ON_EVENT("plaid.onEvent"),
        ON_SUCCESS("plaid.onSuccess"),
        ON_EXIT("plaid.onExit"),
        REDIRECT_CONNECTED("plaid.redirect.connected"),
        REDIRECT_EXIT("plaid.redirect.exit"),
        REDIRECT_EVENT("plaid.redirect.event"),
        REDIRECT_OTHER("plaid.redirect");

        private final String prefix;

        Channel(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * One callback: an event, a success, an exit or a redirect.
     *
     * @param name the event name (or an unknown redirect host)
     * @param digest SHA-256 (hex) of what was received for it
     */
    private record Unit(Channel channel, Optional<String> name, Fields fields, String digest) {

        List<ClientHint> hints(Instant receivedAt) {
            Optional<ProviderRef> claimed = fields.get("link_session_id")
                    .filter(id -> id.startsWith("idv_"))
                    .flatMap(LinkCallbackTranslator::ref);
            Optional<Instant> occurredAt = fields.get("timestamp").flatMap(LinkCallbackTranslator::instant);
            String signal = channel.prefix + name.map(n -> "." + n).orElse("");
            List<ClientHint> hints = new ArrayList<>(2);
            Optional<String> errorCode = fields.get("error_code");
            boolean exit = channel == Channel.ON_EXIT || channel == Channel.REDIRECT_EXIT;
            if (exit && errorCode.isPresent()) {
                // The flow ended on an error (INVALID_LINK_TOKEN...): it needs a new link token to go on.
                hints.add(hint(digest + ":error", signal + ".error", occurredAt, receivedAt, claimed,
                        new HintContent.ClientFailed(errorCode.get(), true)));
            }
            hints.add(hint(digest, signal, occurredAt, receivedAt, claimed, content()));
            return hints;
        }

        HintContent content() {
            return switch (channel) {
                case ON_SUCCESS, REDIRECT_CONNECTED -> new HintContent.FlowFinished(Optional.empty());
                case ON_EXIT, REDIRECT_EXIT -> new HintContent.FlowExited(Optional.empty());
                case ON_EVENT, REDIRECT_EVENT -> eventContent(name.orElse(""), fields);
                case REDIRECT_OTHER -> new HintContent.Informational();
            };
        }

        JsonNode minimised() {
            JsonText.Builder item = JsonText.object().put("channel", channel.prefix);
            name.ifPresent(n -> item.put("event_name", clip(n)));
            for (String key : Fields.KEPT) {
                fields.get(key).ifPresent(value -> item.put(key, clip(value)));
            }
            return item.build();
        }
    }

    /**
     * What an event means. Step events report step progress (never a decision), the session events say the user
     * finished (their claimed outcome kept for the timeline), opening events say the flow opened, {@code EXIT}
     * that the user left; {@code HANDOFF} (Link closed after completing) means finished; {@code ERROR} carries a
     * non-blocking error code. Every other name, documented or not yet known ({@code IDENTITY_VERIFICATION_CLOSE_UI},
     * {@code TRANSITION_VIEW}, bank-linking events, future names), is informational.
     */
    static HintContent eventContent(String name, Fields fields) {
        return switch (name) {
            case "IDENTITY_VERIFICATION_START_STEP" -> step(fields, StepStatus.ACTIVE);
            case "IDENTITY_VERIFICATION_PASS_STEP" -> step(fields, StepStatus.PASSED);
            case "IDENTITY_VERIFICATION_FAIL_STEP" -> step(fields, StepStatus.FAILED);
            // plaid_flutter documents the review step as identityVerificationReviewStep
            case "IDENTITY_VERIFICATION_PENDING_REVIEW_STEP", "IDENTITY_VERIFICATION_REVIEW_STEP" ->
                    step(fields, StepStatus.IN_REVIEW);
            case "IDENTITY_VERIFICATION_PASS_SESSION" -> new HintContent.FlowFinished(Optional.of("success"));
            case "IDENTITY_VERIFICATION_FAIL_SESSION" -> new HintContent.FlowFinished(Optional.of("failed"));
            case "IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION" ->
                    new HintContent.FlowFinished(Optional.of("pending_review"));
            case "OPEN", "IDENTITY_VERIFICATION_CREATE_SESSION", "IDENTITY_VERIFICATION_RESUME_SESSION",
                    "IDENTITY_VERIFICATION_OPEN_UI", "IDENTITY_VERIFICATION_RESUME_UI" -> new HintContent.FlowOpened();
            case "EXIT" -> new HintContent.FlowExited(Optional.empty());
            case "HANDOFF" -> new HintContent.FlowFinished(Optional.empty());
            case "ERROR" -> fields.get("error_code")
                    .<HintContent>map(code -> new HintContent.ClientFailed(code, false))
                    .orElseGet(HintContent.Informational::new);
            default -> new HintContent.Informational();
        };
    }

    private static HintContent step(Fields fields, StepStatus status) {
        return fields.get("view_name")
                .map(LinkCallbackTranslator::screamingSnake)
                .<HintContent>map(view -> new HintContent.StepReported(PlaidVocabulary.step(view), status))
                .orElseGet(HintContent.Informational::new);
    }

    private static ClientHint hint(String digest, String name, Optional<Instant> occurredAt, Instant receivedAt,
            Optional<ProviderRef> claimed, HintContent content) {
        SignalMeta meta = new SignalMeta(new DedupeKey("plaid:cb:" + digest), signalName(name), occurredAt,
                receivedAt);
        return new ClientHint(meta, claimed, content);
    }

    // ---------------------------------------------------------------------------------------------------- values

    /**
     * The metadata values the translator reads, snake_case, non-empty only. Read from the snake_case key, its
     * camelCase forms ({@code linkSessionId}, {@code linkSessionID}), or the native SDKs' raw {@code metadataJson}.
     */
    record Fields(Map<String, String> values) {

        /** Keys read from metadata and redirects. */
        static final List<String> KEYS = List.of("link_session_id", "request_id", "view_name", "timestamp",
                "error_type", "error_code", "exit_status", "status", "institution_id", "transfer_status");

        /** Keys kept in the minimised payload (all of {@link #KEYS}, plus account ids). */
        static final List<String> KEPT = List.of("link_session_id", "request_id", "view_name", "timestamp",
                "error_type", "error_code", "exit_status", "status", "institution_id", "transfer_status",
                "account_ids");

        Fields {
            values = Map.copyOf(values);
        }

        Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        static Fields of(JsonNode metadata, JsonMapper json) {
            Map<String, String> values = new LinkedHashMap<>();
            if (metadata == null || !metadata.isObject()) {
                return new Fields(values);
            }
            Optional<JsonNode> raw = JsonText.text(metadata, "metadataJson")
                    .or(() -> JsonText.text(metadata, "metadataJSON"))
                    .flatMap(text -> JsonText.parse(json, text))
                    .filter(JsonNode::isObject);
            for (String key : KEYS) {
                lookup(metadata, key).or(() -> raw.flatMap(node -> lookup(node, key)))
                        .ifPresent(value -> values.put(key, value));
            }
            JsonNode institution = metadata.get("institution");
            if (!values.containsKey("institution_id") && institution != null && institution.isObject()) {
                lookup(institution, "institution_id").or(() -> JsonText.text(institution, "id"))
                        .ifPresent(id -> values.put("institution_id", id));
            }
            JsonNode accounts = metadata.get("accounts");
            if (accounts != null && accounts.isArray()) {
                List<String> ids = new ArrayList<>();
                for (JsonNode account : accounts.values()) {
                    JsonText.text(account, "id").or(() -> JsonText.text(account, "_id")).ifPresent(ids::add);
                }
                if (!ids.isEmpty()) {
                    values.put("account_ids", String.join(",", ids));
                }
            }
            return new Fields(values);
        }

        /** These fields with the exit error's type and code (web snake_case, native camelCase or errorJson). */
        Fields withError(JsonNode error, JsonMapper json) {
            Map<String, String> merged = new LinkedHashMap<>(values);
            Optional<JsonNode> raw = JsonText.text(error, "errorJson")
                    .or(() -> JsonText.text(error, "errorJSON"))
                    .flatMap(text -> JsonText.parse(json, text))
                    .filter(JsonNode::isObject);
            for (String key : List.of("error_type", "error_code")) {
                Optional<String> value = lookup(error, key).or(() -> raw.flatMap(node -> lookup(node, key)));
                if (value.isEmpty()) {
                    // Android: errorCode {json: "INVALID_LINK_TOKEN", errorType: {json: "INVALID_INPUT"}}
                    JsonNode code = error.get(camel(key));
                    if (code != null && code.isObject()) {
                        value = JsonText.text(code, "json");
                    }
                }
                value.map(LinkCallbackTranslator::screamingSnake).ifPresent(v -> merged.put(key, v));
            }
            return new Fields(merged);
        }

        private static Optional<String> lookup(JsonNode node, String snake) {
            String camel = camel(snake);
            return JsonText.text(node, snake)
                    .or(() -> JsonText.text(node, camel))
                    .or(() -> camel.endsWith("Id")
                            ? JsonText.text(node, camel.substring(0, camel.length() - 2) + "ID")
                            : Optional.empty())
                    .map(String::strip);
        }

        private static String camel(String snake) {
            StringBuilder out = new StringBuilder(snake.length());
            boolean upper = false;
            for (char c : snake.toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return out.toString();
        }
    }

    /** {@code identityVerificationOpenUI} → {@code IDENTITY_VERIFICATION_OPEN_UI}; SCREAMING_SNAKE stays as is. */
    static String screamingSnake(String name) {
        String text = name.strip();
        if (!CAMEL.matcher(text).matches()) {
            return text.toUpperCase(Locale.ROOT);
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char before = text.charAt(i - 1);
                boolean nextLower = i + 1 < text.length() && Character.isLowerCase(text.charAt(i + 1));
                if (!Character.isUpperCase(before) || nextLower) {
                    out.append('_');
                }
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }

    private static SignalName signalName(String name) {
        String safe = SIGNAL_NAME_CHAR.matcher(name).replaceAll("_");
        if (safe.length() > 128) {
            safe = safe.substring(0, 128);
        }
        return new SignalName(safe);
    }

    private static Optional<ProviderRef> ref(String id) {
        try {
            return Optional.of(new ProviderRef(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String timestamp) {
        try {
            return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(timestamp));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    private static String clip(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH);
    }
}
