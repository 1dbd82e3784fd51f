package io.veriflow.app.security;

import io.micronaut.transaction.annotation.Transactional;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Client secrets in {@code session_client_secret}, one per session, stored as SHA-256 digests (see
 * {@link Credentials}). Issuing again replaces the previous secret. A client secret lives as long as its session
 * (the row goes with it); it authenticates nothing once the session's tenant is disabled.
 */
@Singleton
public class JdbcClientSecrets implements ClientSecrets {

    private static final byte[] NO_DIGEST = new byte[Credentials.DIGEST_BYTES];

    private final ClientSecretRepository secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    JdbcClientSecrets(ClientSecretRepository secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Secret issue(TenantId tenant, SessionId session) {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(session, "session must not be null");
        Credentials.Minted minted = Credentials.mint(Credentials.Kind.CLIENT_SECRET, random);
        secrets.upsert(tenant.value(), session.value(), minted.prefix(), minted.digest(), clock.instant());
        return minted.credential();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Caller.SessionClient> authenticate(String presentedSecret) {
        Optional<Credentials.Presented> presented = Credentials.parse(Credentials.Kind.CLIENT_SECRET, presentedSecret);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = presented.get().digest();
        List<ClientSecretRow> candidates = secrets.findByPrefix(presented.get().prefix());
        if (candidates.isEmpty()) {
            Credentials.sameDigest(digest, NO_DIGEST);
            return Optional.empty();
        }
        Optional<Caller.SessionClient> client = Optional.empty();
        for (ClientSecretRow row : candidates) {
            if (Credentials.sameDigest(digest, row.hash()) && client.isEmpty()) {
                UUID session = row.key().sessionId();
                client = Optional.of(new Caller.SessionClient(new TenantId(row.key().tenantId()), new SessionId(session)));
            }
        }
        return client;
    }
}
