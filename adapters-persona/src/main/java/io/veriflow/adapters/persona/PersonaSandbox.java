package io.veriflow.adapters.persona;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.port.out.ProviderUnavailable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An offline Persona, active only when {@code veriflow.persona.api-key} is not configured (and then the adapter's
 * {@link PersonaConnection}). It keeps inquiries in memory and speaks Persona's API shape (2023-01-05, kebab-case
 * JSON:API) at {@code /sandbox/persona/api/v1} ({@link PersonaSandboxApiController}) for the calls the adapter makes:
 * create, retrieve, resume. {@link PersonaSandboxControlController} simulates what the user or a reviewer would do
 * and delivers the resulting event as a real, signed webhook to this service's own {@code /webhooks/persona}.
 *
 * <p>At startup it generates an API key (the adapter's calls to the sandbox carry it) and a webhook secret, which the
 * webhook controller accepts in addition to {@code veriflow.persona.webhook-secrets}. Neither is ever logged. The
 * sandbox reaches the service at {@code veriflow.persona.sandbox.self-url}, by default
 * {@code http://localhost:<the running server's port><context path>}, learned when the server starts.
 *
 * <p>State is per process and lost on restart: the sandbox is for local runs, demos and tests, not for several
 * instances behind a load balancer.
 */
@Singleton
@Requires(missingProperty = PersonaSettings.API_KEY)
final class PersonaSandbox implements PersonaConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PersonaSandbox.class);
    static final String API_PATH = "/sandbox/persona/api/v1";
    static final String WEBHOOK_PATH = "/webhooks/persona";
    static final String SELF_URL = PersonaSettings.PREFIX + ".sandbox.self-url";
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Duration SESSION_LIFETIME = Duration.ofHours(24);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Secret apiKey;
    private final Secret webhookSecret;
    private final byte[] tokenKey;
    private final Optional<URI> configuredSelf;
    private final AtomicReference<URI> discoveredSelf = new AtomicReference<>();
    private final Map<String, SandboxInquiry> inquiries = new ConcurrentHashMap<>();
    private final Map<String, Replay> replays = new ConcurrentHashMap<>();

    /** A stored answer to a write with an {@code Idempotency-Key}, replayed for the same request. */
    record Replay(String fingerprint, int status, String body) {
    }

    /** The outcome of changing an inquiry. */
    sealed interface Change {
    }

    record Changed(SandboxInquiry inquiry, Optional<ClientToken> sessionToken) implements Change {
    }

    record NotFound() implements Change {
    }

    record Conflict(String status) implements Change {
    }

    PersonaSandbox(Clock clock, PropertyResolver properties) {
        this.clock = clock;
        this.apiKey = new Secret("persona_sandbox_" + randomId(32));
        this.webhookSecret = new Secret("wbhsec_" + UUID.randomUUID());
        this.tokenKey = new byte[32];
        random.nextBytes(tokenKey);
        this.configuredSelf = properties.get(SELF_URL, URI.class).map(LivePersonaConnection::withoutTrailingSlash);
        LOG.info("Persona runs in SANDBOX mode ({} is not set): inquiries are simulated in memory at {}",
                PersonaSettings.API_KEY, API_PATH);
    }

    @EventListener
    void onServerStartup(ServerStartupEvent event) {
        EmbeddedServer server = event.getSource();
        URI context = server.getContextURI();
        String path = context.getPath() == null ? "" : context.getPath();
        try {
            discoveredSelf.set(LivePersonaConnection.withoutTrailingSlash(
                    new URI(server.getScheme(), null, "localhost", server.getPort(), path, null, null)));
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException("the server's own URL is not a URI", impossible);
        }
    }

    // ---- connection ----------------------------------------------------------------------------------------------

    @Override
    public URI baseUrl() {
        return URI.create(self() + API_PATH);
    }

    @Override
    public Secret apiKey() {
        return apiKey;
    }

    Secret webhookSecret() {
        return webhookSecret;
    }

    URI webhookUrl() {
        return URI.create(self() + WEBHOOK_PATH);
    }

    private URI self() {
        return configuredSelf.or(() -> Optional.ofNullable(discoveredSelf.get())).orElseThrow(() ->
                new ProviderUnavailable("the Persona sandbox runs inside the HTTP server, which has not started",
                        Optional.empty()));
    }

    // ---- inquiries -----------------------------------------------------------------------------------------------

    SandboxInquiry create(String templateAttribute, String templateId, Optional<String> referenceId) {
        Instant now = now(Optional.empty());
        SandboxInquiry inquiry = new SandboxInquiry("inq_" + randomId(28), "act_" + randomId(28),
                templateAttribute, templateId, referenceId, "created", Map.of("created-at", now, "updated-at", now),
                null, "start", List.of(), List.of());
        inquiries.put(inquiry.id(), inquiry);
        return inquiry;
    }

    Optional<SandboxInquiry> find(String id) {
        return Optional.ofNullable(inquiries.get(id));
    }

    /** Persona's resume: pending and expired (becoming pending) and created inquiries get a fresh session token. */
    Change resume(String id) {
        return change(id, current -> {
            if (!Objects.equals(current.status(), "pending") && !Objects.equals(current.status(), "expired")
                    && !Objects.equals(current.status(), "created")) {
                return new Conflict(current.status());
            }
            Instant at = now(Optional.of(current));
            List<SandboxInquiry.Session> sessions = new ArrayList<>(current.sessions());
            SandboxInquiry.Session session = new SandboxInquiry.Session("iqse_" + randomId(28), "new", at);
            sessions.add(session);
            String status = current.status().equals("expired") ? "pending" : current.status();
            SandboxInquiry resumed = current.with(status, at, Map.of(), current.previousStepName(),
                    current.nextStepName(), current.verifications(), sessions);
            return new Changed(resumed, Optional.of(sessionToken(session, at)));
        });
    }

    /** Applies a simulated outcome; the caller sends the event. */
    Change simulate(String id, SandboxOutcome outcome) {
        return change(id, current -> {
            if (!outcome.allowedFrom(current.status())) {
                return new Conflict(current.status());
            }
            Instant at = now(Optional.of(current));
            Map<String, Instant> set = new LinkedHashMap<>();
            List<SandboxInquiry.Verification> verifications = current.verifications();
            List<SandboxInquiry.Session> sessions = current.sessions();
            String previous = current.previousStepName();
            String next = current.nextStepName();
            switch (outcome) {
                case START -> {
                    set.put("started-at", at);
                    verifications = current.verificationsWith("verification/government-id", "initiated",
                            "ver_" + randomId(28), at);
                    previous = "start";
                    next = "verification_government_id";
                }
                case COMPLETE, MARK_FOR_REVIEW, APPROVE -> {
                    set.put("started-at", at);
                    set.put("completed-at", at);
                    if (outcome == SandboxOutcome.MARK_FOR_REVIEW) {
                        set.put("marked-for-review-at", at);
                    }
                    if (outcome == SandboxOutcome.APPROVE) {
                        set.put("decisioned-at", at);
                    }
                    if (!current.status().equals("declined")) {
                        verifications = passed(current, at);
                    }
                    previous = "verification_selfie";
                    next = "success";
                }
                case FAIL -> {
                    set.put("started-at", at);
                    set.put("failed-at", at);
                    verifications = current.verificationsWith("verification/government-id", "failed",
                            "ver_" + randomId(28), at);
                    previous = "verification_government_id";
                    next = "fail";
                }
                case DECLINE -> {
                    set.put("decisioned-at", at);
                    boolean settled = current.verifications().stream()
                            .anyMatch(verification -> verification.status().equals("passed"));
                    if (!settled) {
                        verifications = current.verificationsWith("verification/government-id", "failed",
                                "ver_" + randomId(28), at);
                    }
                }
                case EXPIRE -> {
                    set.put("expired-at", at);
                    verifications = current.verifications().stream()
                            .map(verification -> verification.status().equals("initiated")
                                    ? new SandboxInquiry.Verification(verification.type(), verification.id(),
                                            "canceled", verification.createdAt())
                                    : verification)
                            .toList();
                    sessions = current.sessions().stream()
                            .map(session -> new SandboxInquiry.Session(session.id(), "expired", session.createdAt()))
                            .toList();
                }
            }
            SandboxInquiry base = current;
            if (outcome == SandboxOutcome.APPROVE || outcome == SandboxOutcome.DECLINE) {
                // a new decision replaces the time of the previous one
                Map<String, Instant> timestamps = new LinkedHashMap<>(current.timestamps());
                timestamps.remove("decisioned-at");
                base = new SandboxInquiry(current.id(), current.accountId(), current.templateAttribute(),
                        current.templateId(), current.referenceId(), current.status(), timestamps,
                        current.previousStepName(), current.nextStepName(), current.verifications(),
                        current.sessions());
            }
            return new Changed(base.with(outcome.status(), at, set, previous, next, verifications, sessions),
                    Optional.empty());
        });
    }

    private List<SandboxInquiry.Verification> passed(SandboxInquiry current, Instant at) {
        SandboxInquiry step = new SandboxInquiry(current.id(), current.accountId(), current.templateAttribute(),
                current.templateId(), current.referenceId(), current.status(), current.timestamps(),
                current.previousStepName(), current.nextStepName(),
                current.verificationsWith("verification/government-id", "passed", "ver_" + randomId(28), at),
                current.sessions());
        return step.verificationsWith("verification/selfie", "passed", "ver_" + randomId(28), at);
    }

    private interface Transition {
        Change apply(SandboxInquiry current);
    }

    private Change change(String id, Transition transition) {
        AtomicReference<Change> outcome = new AtomicReference<>(new NotFound());
        inquiries.computeIfPresent(id, (key, current) -> {
            Change change = transition.apply(current);
            outcome.set(change);
            return change instanceof Changed changed ? changed.inquiry() : current;
        });
        return outcome.get();
    }

    /** The clock's time, and always after the inquiry's last change, so every change is newer than the one before. */
    private Instant now(Optional<SandboxInquiry> after) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant last = after.map(SandboxInquiry::updatedAt).orElse(Instant.EPOCH);
        return now.isAfter(last) ? now : last.plusMillis(1);
    }

    // ---- idempotency ---------------------------------------------------------------------------------------------

    Optional<Replay> replay(String key) {
        return Optional.ofNullable(replays.get(key));
    }

    void remember(String key, Replay replay) {
        replays.putIfAbsent(key, replay);
    }

    // ---- documents -----------------------------------------------------------------------------------------------

    /** {@code {data, included[, meta]}} as Persona's API answers (see fixtures/api). */
    JsonNode document(SandboxInquiry inquiry, Optional<ClientToken> sessionToken) {
        Map<String, JsonNode> document = new LinkedHashMap<>();
        document.put("data", resource(inquiry));
        document.put("included", included(inquiry));
        sessionToken.ifPresent(token -> document.put("meta", PersonaJson.object("session-token", token.reveal())));
        return PersonaJson.object(document);
    }

    /** A webhook event body as Persona sends it (see fixtures/webhooks). */
    JsonNode event(String eventId, String name, SandboxInquiry inquiry) {
        return PersonaJson.object("data", PersonaJson.object(
                "type", "event",
                "id", eventId,
                "attributes", PersonaJson.object(
                        "name", name,
                        "payload", PersonaJson.object("data", resource(inquiry), "included", included(inquiry)),
                        "created-at", ISO_MILLIS.format(inquiry.updatedAt()))));
    }

    String newEventId() {
        return "evt_" + randomId(28);
    }

    private JsonNode resource(SandboxInquiry inquiry) {
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        attributes.put("status", PersonaJson.node(inquiry.status()));
        attributes.put("reference-id", PersonaJson.node(inquiry.referenceId()));
        attributes.put("note", PersonaJson.node(null));
        attributes.put("behaviors", PersonaJson.object());
        attributes.put("tags", PersonaJson.array(List.of()));
        attributes.put("creator", PersonaJson.node("API"));
        attributes.put("reviewer-comment", PersonaJson.node(null));
        for (String at : List.of("created-at", "updated-at", "started-at", "completed-at", "failed-at",
                "marked-for-review-at", "decisioned-at", "expired-at", "redacted-at")) {
            attributes.put(at, PersonaJson.node(Optional.ofNullable(inquiry.timestamps().get(at))
                    .map(ISO_MILLIS::format)));
        }
        attributes.put("previous-step-name", PersonaJson.node(inquiry.previousStepName()));
        attributes.put("next-step-name", PersonaJson.node(inquiry.nextStepName()));
        attributes.put("fields", PersonaJson.object());
        Map<String, JsonNode> relationships = new LinkedHashMap<>();
        relationships.put("account", link("account", inquiry.accountId()));
        relationships.put("template", inquiry.templateAttribute().equals("template-id")
                ? link("template", inquiry.templateId()) : PersonaJson.object("data", null));
        relationships.put("inquiry-template", inquiry.templateAttribute().equals("inquiry-template-id")
                ? link("inquiry-template", inquiry.templateId()) : PersonaJson.object("data", null));
        relationships.put("inquiry-template-version", inquiry.templateAttribute().equals("inquiry-template-version-id")
                ? link("inquiry-template-version", inquiry.templateId()) : PersonaJson.object("data", null));
        relationships.put("transaction", PersonaJson.object("data", null));
        relationships.put("reviewer", PersonaJson.object("data", null));
        relationships.put("reports", links(List.of()));
        relationships.put("verifications", links(inquiry.verifications().stream()
                .map(verification -> identifier(verification.type(), verification.id())).toList()));
        relationships.put("sessions", links(inquiry.sessions().stream()
                .map(session -> identifier("inquiry-session", session.id())).toList()));
        relationships.put("documents", links(List.of()));
        relationships.put("selfies", links(List.of()));
        return PersonaJson.object(
                "type", "inquiry",
                "id", inquiry.id(),
                "attributes", PersonaJson.object(attributes),
                "relationships", PersonaJson.object(relationships));
    }

    private JsonNode included(SandboxInquiry inquiry) {
        List<JsonNode> included = new ArrayList<>();
        for (SandboxInquiry.Session session : inquiry.sessions()) {
            included.add(PersonaJson.object(
                    "type", "inquiry-session",
                    "id", session.id(),
                    "attributes", PersonaJson.object(
                            "status", session.status(),
                            "created-at", ISO_MILLIS.format(session.createdAt())),
                    "relationships", PersonaJson.object("inquiry", link("inquiry", inquiry.id()))));
        }
        for (SandboxInquiry.Verification verification : inquiry.verifications()) {
            included.add(PersonaJson.object(
                    "type", verification.type(),
                    "id", verification.id(),
                    "attributes", PersonaJson.object(
                            "status", verification.status(),
                            "created-at", ISO_MILLIS.format(verification.createdAt()),
                            "checks", PersonaJson.array(List.of())),
                    "relationships", PersonaJson.object("inquiry", link("inquiry", inquiry.id()))));
        }
        return PersonaJson.array(included);
    }

    private static JsonNode link(String type, String id) {
        return PersonaJson.object("data", identifier(type, id));
    }

    private static JsonNode links(List<JsonNode> identifiers) {
        return PersonaJson.object("data", PersonaJson.array(identifiers));
    }

    private static JsonNode identifier(String type, String id) {
        return PersonaJson.object("type", type, "id", id);
    }

    /** A JWT-shaped token like Persona's (claims sub/sid = the session), signed with a key of this process. */
    private ClientToken sessionToken(SandboxInquiry.Session session, Instant at) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(PersonaJson.write(PersonaJson.object(
                "sub", session.id(),
                "aud", "persona-verify",
                "iss", "sandbox.veriflow",
                "iat", at.getEpochSecond(),
                "nbf", at.getEpochSecond(),
                "exp", at.plus(SESSION_LIFETIME).getEpochSecond(),
                "jti", UUID.randomUUID().toString(),
                "sid", session.id())).getBytes(StandardCharsets.UTF_8));
        byte[] signature = PersonaSignature.hmac(new Secret(HexFormat.of().formatHex(tokenKey)), 0,
                (header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return new ClientToken(header + "." + claims + "." + base64.encodeToString(signature));
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
