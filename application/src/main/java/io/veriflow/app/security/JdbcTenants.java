package io.veriflow.app.security;

import io.micronaut.transaction.annotation.Transactional;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants in {@code tenant}, their API keys in {@code api_key} as SHA-256 digests (see {@link Credentials}).
 * Authentication finds a key by its prefix, then compares digests in constant time; a missing row, a wrong secret, a
 * revoked or expired key and a disabled tenant all give the same empty answer. Logs name keys by prefix only.
 */
@Singleton
public class JdbcTenants implements Tenants {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTenants.class);
    private static final int MINT_ATTEMPTS = 3;

    /** Compared against when no row has the presented prefix, so that a miss costs what a wrong secret costs. */
    private static final byte[] NO_DIGEST = new byte[Credentials.DIGEST_BYTES];

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    JdbcTenants(TenantRepository tenants, ApiKeyRepository keys, Clock clock) {
        this.tenants = tenants;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    @Transactional
    public IssuedApiKey create(TenantId tenant, String displayName, Optional<Instant> keyExpiresAt) {
        return createIfAbsent(tenant, displayName, keyExpiresAt)
                .orElseThrow(() -> new IllegalStateException("tenant " + tenant + " exists already"));
    }

    /**
     * Creates a tenant and its first key, unless a tenant with that id exists already.
     *
     * @return the first key, or empty (and nothing changed) when the tenant exists
     */
    @Transactional
    public Optional<IssuedApiKey> createIfAbsent(TenantId tenant, String displayName, Optional<Instant> keyExpiresAt) {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(displayName, "display name must not be null");
        if (tenants.insertIfAbsent(tenant.value(), displayName, clock.instant()) == 0) {
            return Optional.empty();
        }
        LOG.info("Created tenant {}", tenant);
        return Optional.of(mintKey(tenant, keyExpiresAt));
    }

    @Override
    @Transactional
    public IssuedApiKey issueKey(TenantId tenant, Optional<Instant> expiresAt) {
        return issueKeyIfExists(tenant, expiresAt)
                .orElseThrow(() -> new IllegalArgumentException("no tenant " + tenant));
    }

    /**
     * Issues another key for a tenant, if it exists.
     *
     * @return the new key, or empty when there is no such tenant
     */
    @Transactional
    public Optional<IssuedApiKey> issueKeyIfExists(TenantId tenant, Optional<Instant> expiresAt) {
        Objects.requireNonNull(tenant, "tenant must not be null");
        if (tenants.find(tenant.value()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(mintKey(tenant, expiresAt));
    }

    /** Whether a tenant with this id exists (enabled or not). */
    @Transactional(readOnly = true)
    public boolean exists(TenantId tenant) {
        return tenants.find(tenant.value()).isPresent();
    }

    @Override
    @Transactional
    public boolean revoke(TenantId tenant, String keyPrefix) {
        Objects.requireNonNull(tenant, "tenant must not be null");
        if (keyPrefix == null || !Credentials.PREFIX.matcher(keyPrefix).matches()) {
            return false;
        }
        boolean revoked = keys.revoke(tenant.value(), keyPrefix, clock.instant()) == 1;
        if (revoked) {
            LOG.info("Revoked API key {}{} of tenant {}", Credentials.Kind.API_KEY.marker(), keyPrefix, tenant);
        }
        return revoked;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Caller.TenantCaller> authenticate(String presentedKey) {
        Optional<Credentials.Presented> presented = Credentials.parse(Credentials.Kind.API_KEY, presentedKey);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = presented.get().digest();
        List<ApiKeyRow> candidates = keys.findOfEnabledTenants(presented.get().prefix());
        if (candidates.isEmpty()) {
            Credentials.sameDigest(digest, NO_DIGEST);
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Caller.TenantCaller> caller = Optional.empty();
        for (ApiKeyRow row : candidates) {
            if (Credentials.sameDigest(digest, row.hash()) && row.usableAt(now) && caller.isEmpty()) {
                caller = Optional.of(new Caller.TenantCaller(new TenantId(row.key().tenantId())));
            }
        }
        return caller;
    }

    private IssuedApiKey mintKey(TenantId tenant, Optional<Instant> expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt must not be null (use Optional.empty())");
        Instant now = clock.instant();
        for (int attempt = 0; attempt < MINT_ATTEMPTS; attempt++) {
            Credentials.Minted minted = Credentials.mint(Credentials.Kind.API_KEY, random);
            if (keys.insertIfAbsent(tenant.value(), minted.prefix(), minted.digest(), now, expiresAt.orElse(null)) == 1) {
                LOG.info("Issued API key {}{} for tenant {}{}", Credentials.Kind.API_KEY.marker(), minted.prefix(),
                        tenant, expiresAt.map(at -> ", expiring " + at).orElse(""));
                return new IssuedApiKey(tenant, minted.prefix(), minted.credential(), expiresAt);
            }
        }
        throw new IllegalStateException("could not mint an API key with a fresh prefix for tenant " + tenant);
    }
}
