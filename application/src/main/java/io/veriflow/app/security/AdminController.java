package io.veriflow.app.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.veriflow.app.http.Problem;
import io.veriflow.domain.model.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The operator's API: creates tenants and issues and revokes their API keys. Only the {@link Caller.Operator} gets
 * here ({@link ApiKeyAuthenticationFilter} enforces it, and each action checks again). A new key is in the response
 * once and nowhere else; responses name keys by prefix otherwise.
 */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Admin", description = "Operator only (the operator key as a Bearer token): tenants and their API keys.")
@SecurityScheme(name = AdminController.BEARER_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "API key (vfk_...), a session's client secret (vfcs_...), or on /admin the operator key")
@SecurityRequirement(name = AdminController.BEARER_SCHEME)
final class AdminController {

    /** The OpenAPI security scheme of every authenticated endpoint: {@code Authorization: Bearer <token>}. */
    static final String BEARER_SCHEME = "bearer";

    static final int MAX_DISPLAY_NAME = 200;

    private final JdbcTenants tenants;
    private final Clock clock;

    AdminController(JdbcTenants tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Body of {@code POST /admin/tenants}. Unknown fields are refused (422): a misspelt expiry must not be dropped. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record CreateTenant(
            @Nullable String id,
            @JsonProperty("display_name") @Nullable String displayName,
            @JsonProperty("key_expires_at") @Nullable String keyExpiresAt) {
    }

    /** Body of {@code POST /admin/tenants/{id}/api-keys}; may be absent. Unknown fields are refused (422). */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record IssueKey(@JsonProperty("expires_at") @Nullable String expiresAt) {
    }

    /** A created tenant with its first API key, which is shown here once. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreatedTenant(
            String tenant,
            @JsonProperty("display_name") String displayName,
            @JsonProperty("api_key") String apiKey,
            String prefix,
            @JsonProperty("expires_at") @Nullable String expiresAt) {
    }

    /** A newly issued API key, shown here once. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IssuedKey(
            String tenant,
            @JsonProperty("api_key") String apiKey,
            String prefix,
            @JsonProperty("expires_at") @Nullable String expiresAt) {

        static IssuedKey of(IssuedApiKey key) {
            return new IssuedKey(key.tenant().value(), key.key().reveal(), key.prefix(),
                    key.expiresAt().map(Instant::toString).orElse(null));
        }
    }

    @Post("/tenants")
    @Operation(summary = "Create a tenant and its first API key",
            description = "The key is in this response only; it is stored as a SHA-256 digest.")
    @ApiResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CreatedTenant.class)))
    @ApiResponse(responseCode = "409", description = "tenant-exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "validation-failed (400 invalid-field for malformed values)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    MutableHttpResponse<?> createTenant(
            @Parameter(hidden = true) HttpRequest<?> request,
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Body CreateTenant body) {
        String path = request.getPath();
        if (!(caller instanceof Caller.Operator)) {
            return Problems.forbidden(path);
        }
        if (body.id() == null || body.id().isBlank()) {
            return Problems.validationFailed(path, "/id", "is required");
        }
        TenantId id;
        try {
            id = new TenantId(body.id());
        } catch (IllegalArgumentException e) {
            return Problems.invalidField(path, "/id",
                    "must be 1-63 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
        String displayName = body.displayName() == null ? "" : body.displayName().strip();
        if (displayName.isEmpty() || displayName.length() > MAX_DISPLAY_NAME
                || displayName.chars().anyMatch(Character::isISOControl)) {
            return Problems.validationFailed(path, "/display_name",
                    "is required: 1-" + MAX_DISPLAY_NAME + " characters, no control characters");
        }
        Expiry expiry = expiry(body.keyExpiresAt());
        if (expiry instanceof Expiry.Invalid invalid) {
            return invalid.answer(path, "/key_expires_at");
        }
        Optional<IssuedApiKey> issued = tenants.createIfAbsent(id, displayName, ((Expiry.Valid) expiry).at());
        if (issued.isEmpty()) {
            return Problems.tenantExists(path);
        }
        IssuedApiKey key = issued.get();
        return HttpResponse.created(new CreatedTenant(id.value(), displayName, key.key().reveal(), key.prefix(),
                key.expiresAt().map(Instant::toString).orElse(null)));
    }

    @Post("/tenants/{id}/api-keys")
    @Operation(summary = "Issue another API key for a tenant (rotation)",
            description = "The key is in this response only. The body, and expires_at in it, are optional.")
    @ApiResponse(responseCode = "201", description = "Issued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IssuedKey.class)))
    @ApiResponse(responseCode = "404", description = "not-found: no such tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    MutableHttpResponse<?> issueKey(
            @Parameter(hidden = true) HttpRequest<?> request,
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable("id") String id,
            @Nullable @Body IssueKey body) {
        String path = request.getPath();
        if (!(caller instanceof Caller.Operator)) {
            return Problems.forbidden(path);
        }
        Optional<TenantId> tenant = tenantId(id);
        if (tenant.isEmpty()) {
            return Problems.notFound(path);
        }
        Expiry expiry = expiry(body == null ? null : body.expiresAt());
        if (expiry instanceof Expiry.Invalid invalid) {
            return invalid.answer(path, "/expires_at");
        }
        return tenants.issueKeyIfExists(tenant.get(), ((Expiry.Valid) expiry).at())
                .<MutableHttpResponse<?>>map(key -> HttpResponse.created(IssuedKey.of(key)))
                .orElseGet(() -> Problems.notFound(path));
    }

    @Delete("/tenants/{id}/api-keys/{prefix}")
    @Operation(summary = "Revoke an API key by its prefix", description = "Revoking a revoked key is a no-op.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "not-found: the tenant has no key with this prefix",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    MutableHttpResponse<?> revokeKey(
            @Parameter(hidden = true) HttpRequest<?> request,
            @Parameter(hidden = true) @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable("id") String id,
            @PathVariable("prefix") String prefix) {
        String path = request.getPath();
        if (!(caller instanceof Caller.Operator)) {
            return Problems.forbidden(path);
        }
        Optional<TenantId> tenant = tenantId(id);
        if (tenant.isEmpty() || !tenants.revoke(tenant.get(), prefix)) {
            return Problems.notFound(path);
        }
        return HttpResponse.noContent();
    }

    /** A requested key expiry: absent, a future instant, or not acceptable (with why). */
    private sealed interface Expiry {
        record Valid(Optional<Instant> at) implements Expiry {
        }

        /** @param malformed true for text that is no timestamp (400), false for a timestamp not in the future (422) */
        record Invalid(boolean malformed, String detail) implements Expiry {
            MutableHttpResponse<?> answer(String path, String pointer) {
                return malformed
                        ? Problems.invalidField(path, pointer, detail)
                        : Problems.validationFailed(path, pointer, detail);
            }
        }
    }

    private Expiry expiry(@Nullable String text) {
        if (text == null) {
            return new Expiry.Valid(Optional.empty());
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return new Expiry.Invalid(true, "must be an RFC 3339 timestamp with an offset, e.g. 2030-01-31T00:00:00Z");
        }
        if (!at.isAfter(clock.instant())) {
            return new Expiry.Invalid(false, "must be in the future");
        }
        return new Expiry.Valid(Optional.of(at));
    }

    private static Optional<TenantId> tenantId(String text) {
        try {
            return Optional.of(new TenantId(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
