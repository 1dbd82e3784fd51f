package io.veriflow.domain.port.out;

import io.veriflow.domain.model.Secret;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Keeps secrets (resume tokens, signing secrets) encrypted at rest. */
public interface SecretVault {

    void store(SecretRef ref, Secret secret);

    Optional<Secret> read(SecretRef ref);

    void discard(SecretRef ref);

    /**
     * Names one secret of one tenant.
     *
     * @param owner the id of what the secret belongs to (a session id, an endpoint id)
     */
    record SecretRef(TenantId tenant, Purpose purpose, String owner) {

        private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        public SecretRef {
            Objects.requireNonNull(tenant, "tenant must not be null");
            Objects.requireNonNull(purpose, "purpose must not be null");
            Objects.requireNonNull(owner, "owner must not be null");
            if (!OWNER.matcher(owner).matches()) {
                throw new IllegalArgumentException("secret owner must be 1-64 characters of A-Z, a-z, 0-9, _ or -");
            }
        }

        public static SecretRef resumeTokenOf(TenantId tenant, SessionId session) {
            return new SecretRef(tenant, Purpose.RESUME_TOKEN, session.value().toString());
        }
    }

    enum Purpose {
        RESUME_TOKEN,
        ENDPOINT_SIGNING_SECRET
    }
}
