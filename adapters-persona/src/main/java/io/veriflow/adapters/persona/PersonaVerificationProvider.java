package io.veriflow.adapters.persona;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.tree.JsonNode;
import io.veriflow.adapters.persona.PersonaApiFailures.Operation;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.signal.Snapshot;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VerificationProvider} over Persona's REST API (JSON:API, {@code Persona-Version} pinned by
 * {@code veriflow.persona.version}, default {@code 2023-01-05}). One attempt per call: retries, the circuit breaker
 * and the time limiter are the application's.
 *
 * <ul>
 *   <li>{@link #start}: {@code POST /inquiries} with the template ({@code itmpl_} as {@code inquiry-template-id},
 *       {@code itmplv_} as {@code inquiry-template-version-id}, legacy {@code tmpl_} as {@code template-id}), the
 *       subject as {@code meta.auto-create-account-reference-id}, and the request's {@code Idempotency-Key}. The
 *       front end gets {@code inquiryId} (all the web SDK needs for a {@code created} inquiry) and, when Persona
 *       returned one ({@code meta.session-token}, newer API versions), the session token.
 *   <li>{@link #fetch}: {@code GET /inquiries/{id}}, read by {@link PersonaSnapshots}.
 *   <li>{@link #resume}: {@code POST /inquiries/{id}/resume} (same inquiry, {@code expired} flips back to
 *       {@code pending}); its {@code meta.session-token} is the fresh token for the front end.
 *   <li>{@link #retry}: Persona has none; always {@code ProviderRejected("not_supported")} (the capabilities say so,
 *       so the domain never asks).
 * </ul>
 * Failures map as described in {@link PersonaApiFailures}. Logs carry the operation, the inquiry id, the status and
 * Persona's {@code Request-Id}; never the key, tokens or bodies.
 */
@Singleton
public final class PersonaVerificationProvider implements VerificationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(PersonaVerificationProvider.class);
    private static final Pattern INQUIRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern EXP_CLAIM = Pattern.compile("\"exp\"\\s*:\\s*(\\d{1,12})");
    static final String INQUIRY_ID_PARAMETER = "inquiryId";

    private final BlockingHttpClient http;
    private final PersonaConnection connection;
    private final PersonaSettings settings;
    private final PersonaJson json;
    private final Clock clock;

    PersonaVerificationProvider(
            @Client(configuration = PersonaHttpClientConfiguration.class) HttpClient http,
            PersonaConnection connection, PersonaSettings settings, PersonaJson json, Clock clock) {
        this.http = http.toBlocking();
        this.connection = connection;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public ProviderId id() {
        return PersonaProvider.ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return PersonaProvider.CAPABILITIES;
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        JsonNode body = PersonaJson.object(
                "data", PersonaJson.object("attributes",
                        PersonaJson.object(templateAttribute(request.template()), request.template().value())),
                "meta", PersonaJson.object("auto-create-account-reference-id", request.subject().value()));
        Answer answer = send(Operation.CREATE, HttpRequest.POST(uri("/inquiries"),
                PersonaJson.write(body).getBytes(StandardCharsets.UTF_8)), Optional.of(request.key()));
        Snapshot snapshot = answer.snapshot();
        LOG.info("Persona inquiry {} created for session {}", snapshot.ref(), request.session());
        return new StartedAttempt(Optional.of(snapshot.ref()), launch(snapshot.ref(), answer.sessionToken()),
                Optional.of(snapshot));
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        String id = inquiryId(ref);
        Snapshot snapshot = send(Operation.RETRIEVE, HttpRequest.GET(uri("/inquiries/" + id)), Optional.empty())
                .snapshot();
        requireSameInquiry(Operation.RETRIEVE, ref, snapshot);
        return snapshot;
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        ProviderRef ref = request.ref().orElseThrow(() -> new ProviderRejected("no_inquiry",
                "the session has no Persona inquiry to resume"));
        String id = inquiryId(ref);
        Answer answer = send(Operation.RESUME, HttpRequest.POST(uri("/inquiries/" + id + "/resume"), new byte[0]),
                Optional.of(request.key()));
        Snapshot snapshot = answer.snapshot();
        requireSameInquiry(Operation.RESUME, ref, snapshot);
        ClientToken token = answer.sessionToken().orElseThrow(() -> PersonaApiFailures.unreadable(
                Operation.RESUME, "meta.session-token is missing", null));
        LOG.info("Persona inquiry {} resumed for session {} (status {})", ref, request.session(),
                snapshot.providerStatus());
        return new ResumeGrant(launch(ref, Optional.of(token)), Optional.of(snapshot));
    }

    /** Persona cannot open a new attempt for the same inquiry: resume it, or start a new session. */
    @Override
    public StartedAttempt retry(RetryRequest request) {
        throw new ProviderRejected("not_supported",
                "Persona has no retry: resume the inquiry, or start a new verification session");
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------------

    private record Answer(Snapshot snapshot, Optional<ClientToken> sessionToken) {
    }

    private Answer send(Operation operation, MutableHttpRequest<?> request, Optional<IdempotencyKey> key) {
        request.bearerAuth(connection.apiKey().reveal())
                .header("Persona-Version", settings.version())
                .header("Key-Inflection", "kebab")
                .accept(MediaType.APPLICATION_JSON_TYPE);
        if (request.getMethodName().equals("POST")) {
            request.contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        key.ifPresent(value -> request.header("Idempotency-Key", value.value()));
        HttpResponse<byte[]> response;
        try {
            response = http.exchange(request, byte[].class);
        } catch (HttpClientResponseException error) {
            response = bytesOf(error.getResponse());
        } catch (HttpClientException noAnswer) {
            LOG.warn("Persona {}: no answer ({})", operation.label(), noAnswer.getClass().getSimpleName());
            throw PersonaApiFailures.noAnswer(operation, noAnswer);
        }
        int status = response.code();
        byte[] body = response.getBody(byte[].class).orElse(new byte[0]);
        String requestId = response.getHeaders().getFirst("Request-Id").orElse("-");
        if (status < 200 || status > 299) {
            LOG.info("Persona {} answered {} (Request-Id {})", operation.label(), status, requestId);
            throw PersonaApiFailures.fromStatus(operation, status, response.getHeaders(), body, json, clock);
        }
        LOG.debug("Persona {} answered {} (Request-Id {})", operation.label(), status, requestId);
        return read(operation, body);
    }

    private static HttpResponse<byte[]> bytesOf(HttpResponse<?> response) {
        @SuppressWarnings("unchecked")
        HttpResponse<byte[]> typed = (HttpResponse<byte[]>) response;
        return typed;
    }

    private Answer read(Operation operation, byte[] body) {
        JsonNode document;
        try {
            document = json.parse(body);
        } catch (IOException | RuntimeException notJson) {
            throw PersonaApiFailures.unreadable(operation, "the body is not JSON", notJson);
        }
        if (!document.isObject()) {
            throw PersonaApiFailures.unreadable(operation, "the body is not a JSON object", null);
        }
        JsonNode data = PersonaJson.member(document, "data").orElse(null);
        List<JsonNode> included = PersonaJson.member(document, "included").map(PersonaJson::elements)
                .orElse(List.of());
        Snapshot snapshot = switch (PersonaSnapshots.read(data, included, Optional.of(clock.instant()))) {
            case PersonaSnapshots.Read read -> read.snapshot();
            case PersonaSnapshots.Broken broken -> throw PersonaApiFailures.unreadable(operation, broken.problem(),
                    null);
        };
        Optional<ClientToken> token = PersonaJson.path(document, "meta").flatMap(meta ->
                PersonaJson.text(meta, "session-token")).map(ClientToken::new);
        return new Answer(snapshot, token);
    }

    private URI uri(String path) {
        return URI.create(connection.baseUrl().toString() + path);
    }

    private static void requireSameInquiry(Operation operation, ProviderRef asked, Snapshot answered) {
        if (!answered.ref().equals(asked)) {
            throw PersonaApiFailures.unreadable(operation, "the answer is about another inquiry", null);
        }
    }

    /** Refuses, without calling Persona, a reference that could not be an inquiry id (and could bend the path). */
    private static String inquiryId(ProviderRef ref) {
        if (!INQUIRY_ID.matcher(ref.value()).matches()) {
            throw new ProviderRejected("invalid_reference", "not a Persona inquiry id");
        }
        return ref.value();
    }

    /** The create attribute for a template reference, by its prefix. */
    private static String templateAttribute(TemplateRef template) {
        String value = template.value();
        if (value.startsWith("itmplv_")) {
            return "inquiry-template-version-id";
        }
        if (value.startsWith("itmpl_")) {
            return "inquiry-template-id";
        }
        if (value.startsWith("tmpl_")) {
            return "template-id";
        }
        throw new ProviderRejected("invalid_template",
                "a Persona template reference starts with itmpl_, itmplv_ or tmpl_");
    }

    private static ClientLaunch launch(ProviderRef inquiry, Optional<ClientToken> token) {
        return new ClientLaunch(token, Map.of(INQUIRY_ID_PARAMETER, inquiry.value()),
                token.flatMap(PersonaVerificationProvider::expiryOf));
    }

    /**
     * When a session token stops working, read from its {@code exp} claim. Persona's tokens are JWTs whose claims are
     * not a documented contract (UNCONFIRMED), so anything unexpected simply means "unknown". The token is not
     * verified: it is Persona's to verify; this is only a hint for caching it.
     */
    static Optional<Instant> expiryOf(ClientToken token) {
        String[] parts = token.reveal().split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Matcher exp = EXP_CLAIM.matcher(claims);
            return exp.find() ? Optional.of(Instant.ofEpochSecond(Long.parseLong(exp.group(1)))) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
