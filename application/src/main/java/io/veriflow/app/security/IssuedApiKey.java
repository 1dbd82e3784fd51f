package io.veriflow.app.security;

import io.veriflow.domain.model.Secret;
import io.veriflow.domain.model.TenantId;
import java.time.Instant;
import java.util.Optional;

/** A freshly issued API key: the only moment the key itself exists outside the caller's hands. */
public record IssuedApiKey(TenantId tenant, String prefix, Secret key, Optional<Instant> expiresAt) {
}
