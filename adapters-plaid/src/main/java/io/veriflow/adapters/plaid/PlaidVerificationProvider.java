package io.veriflow.adapters.plaid;

import io.micronaut.json.tree.JsonNode;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.signal.Snapshot;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VerificationProvider} for Plaid Identity Verification, over Plaid's API ({@link PlaidApi}).
 * <ul>
 *   <li>{@code start}: {@code /link/token/create} for IDV (user = the subject, template = the session's); with
 *       {@code veriflow.plaid.precreate} the attempt is first created with {@code /identity_verification/create}
 *       ({@code is_idempotent: true}), otherwise Link creates it and its {@code link_session_id} (the IDV id) arrives
 *       with the first client callback.
 *   <li>{@code fetch}: {@code /identity_verification/get}.
 *   <li>{@code resume}: a new link token for the same user and template; Link reopens the user's active attempt.
 *   <li>{@code retry}: {@code /identity_verification/retry}, which has no idempotency key. Every retry therefore
 *       first lists the user's attempts ({@code /identity_verification/list}); if one already chains to the previous
 *       attempt (an earlier retry whose answer was lost), it is returned instead of opening another. A timeout of the
 *       retry call surfaces as a {@code ProviderUnavailable} caused by a {@code TimeoutException}, which the
 *       application does not re-send; the next retry lists first.
 * </ul>
 * The idempotency key of start and resume is not sent anywhere: Plaid has none for link tokens (a second token for the
 * same user is harmless) and create is idempotent by user and template.
 */
@Singleton
public final class PlaidVerificationProvider implements VerificationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(PlaidVerificationProvider.class);

    /** Pages of {@code /identity_verification/list} read before giving up looking for a chained attempt. */
    static final int MAX_LIST_PAGES = 20;

    private final PlaidApi api;
    private final PlaidSettings settings;
    private final Clock clock;

    PlaidVerificationProvider(PlaidApi api, PlaidSettings settings, Clock clock) {
        this.api = api;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public ProviderId id() {
        return PlaidProvider.ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return PlaidProvider.capabilities(settings.sessionLifetime());
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        Optional<IdvResource> created = Optional.empty();
        if (settings.precreate()) {
            JsonNode body = JsonText.object()
                    .put("client_user_id", request.subject().value())
                    .put("template_id", request.template().value())
                    .put("is_shareable", false)
                    .put("gave_consent", false)
                    .put("is_idempotent", true)
                    .build();
            created = Optional.of(IdvResource.parse(api.post(PlaidEndpoint.IDV_CREATE, body), PlaidEndpoint.IDV_CREATE));
            LOG.debug("Session {}: Plaid attempt {} created up front", request.session(), created.get().id());
        }
        ClientLaunch launch = linkToken(request.subject(), request.template());
        Instant now = clock.instant();
        return new StartedAttempt(created.map(IdvResource::id), launch,
                created.map(idv -> idv.toSnapshot(now)));
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        JsonNode body = JsonText.object().put("identity_verification_id", ref.value()).build();
        IdvResource idv = IdvResource.parse(api.post(PlaidEndpoint.IDV_GET, body), PlaidEndpoint.IDV_GET);
        if (!idv.id().equals(ref)) {
            throw PlaidErrors.unreadable(PlaidEndpoint.IDV_GET, "attempt " + idv.id() + " when asked for " + ref);
        }
        return idv.toSnapshot(clock.instant());
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        return new ResumeGrant(linkToken(request.subject(), request.template()), Optional.empty());
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        Optional<IdvResource> existing = request.previous()
                .flatMap(previous -> chainedAttempt(request.subject(), request.template(), previous));
        IdvResource attempt;
        if (existing.isPresent()) {
            attempt = existing.get();
            LOG.info("Session {}: Plaid attempt {} already replaces {}; not retrying again", request.session(),
                    attempt.id(), request.previous().orElseThrow());
        } else {
            attempt = IdvResource.parse(api.post(PlaidEndpoint.IDV_RETRY, retryBody(request)), PlaidEndpoint.IDV_RETRY);
            LOG.debug("Session {}: Plaid retry opened attempt {}", request.session(), attempt.id());
        }
        ClientLaunch launch = linkToken(request.subject(), request.template());
        return new StartedAttempt(Optional.of(attempt.id()), launch, Optional.of(attempt.toSnapshot(clock.instant())));
    }

    /** The {@code /identity_verification/retry} body; {@code steps} only for the custom strategy. */
    static JsonNode retryBody(RetryRequest request) {
        RetryPlan plan = request.plan();
        JsonText.Builder body = JsonText.object()
                .put("client_user_id", request.subject().value())
                .put("template_id", request.template().value())
                .put("strategy", PlaidVocabulary.strategy(plan.mode()));
        if (plan.mode() == RetryMode.SELECTED_STEPS) {
            Set<StepKind> steps = plan.steps();
            // Only these four can be chosen on a custom retry; the template decides the others.
            body.put("steps", JsonText.object()
                    .put("verify_sms", steps.contains(StandardStep.PHONE))
                    .put("kyc_check", steps.contains(StandardStep.DATA_CHECK))
                    .put("documentary_verification", steps.contains(StandardStep.DOCUMENT))
                    .put("selfie_check", steps.contains(StandardStep.SELFIE))
                    .build());
        }
        return body.build();
    }

    /** The newest attempt of this user and template whose {@code previous_attempt_id} is {@code previous}. */
    private Optional<IdvResource> chainedAttempt(SubjectRef subject, TemplateRef template, ProviderRef previous) {
        List<IdvResource> chained = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < MAX_LIST_PAGES; page++) {
            JsonNode body = JsonText.object()
                    .put("client_user_id", subject.value())
                    .put("template_id", template.value())
                    .putIfPresent("cursor", cursor)
                    .build();
            JsonNode answer = api.post(PlaidEndpoint.IDV_LIST, body);
            JsonNode items = answer.get("identity_verifications");
            if (items == null || !items.isArray()) {
                throw PlaidErrors.unreadable(PlaidEndpoint.IDV_LIST, "a list without identity_verifications");
            }
            for (JsonNode item : items.values()) {
                IdvResource idv = IdvResource.parse(item, PlaidEndpoint.IDV_LIST);
                if (idv.previousAttemptId().filter(previous::equals).isPresent()) {
                    chained.add(idv);
                }
            }
            cursor = JsonText.text(answer, "next_cursor");
            if (cursor.isEmpty()) {
                break;
            }
        }
        return chained.stream().max(Comparator.comparing(IdvResource::createdAt));
    }

    private ClientLaunch linkToken(SubjectRef subject, TemplateRef template) {
        JsonText.Builder body = JsonText.object()
                .put("client_name", settings.clientName())
                .put("language", settings.language())
                .put("country_codes", JsonText.strings(settings.countryCodes()))
                .put("user", JsonText.object().put("client_user_id", subject.value()).build())
                .put("products", JsonText.strings(List.of("identity_verification")))
                .put("identity_verification", JsonText.object().put("template_id", template.value()).build());
        settings.webhookUrl().ifPresent(url -> body.put("webhook", url.toString()));
        body.putIfPresent("redirect_uri", settings.redirectUri());
        JsonNode answer = api.post(PlaidEndpoint.LINK_TOKEN_CREATE, body.build());
        String token = JsonText.text(answer, "link_token").orElseThrow(
                () -> PlaidErrors.unreadable(PlaidEndpoint.LINK_TOKEN_CREATE, "no link_token"));
        Optional<Instant> expiresAt = JsonText.text(answer, "expiration").map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw PlaidErrors.unreadable(PlaidEndpoint.LINK_TOKEN_CREATE, "an unreadable expiration");
            }
        });
        return new ClientLaunch(Optional.of(new ClientToken(token)), Map.of(), expiresAt);
    }
}
