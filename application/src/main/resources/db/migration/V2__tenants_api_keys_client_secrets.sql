-- Veriflow schema, version 2: tenants, their API keys, and the client secrets of sessions
-- (io.veriflow.app.security).
--
-- Credentials are never stored, only the SHA-256 digest of the whole credential. A fast, unsalted hash is the right
-- tool here, unlike for passwords: every API key and client secret carries 256 bits from a CSPRNG, so the digest can
-- be neither brute-forced nor looked up in precomputed tables, and a slow KDF would only cost CPU on every request.
-- Each credential embeds a public, random 12-character prefix (base32, 60 bits) that finds its row; the service then
-- compares digests in constant time. The prefix is a lookup handle, not a secret, and is safe to log.
--
-- Distributable by tenant (Citus): tenant is distributed on id, api_key and session_client_secret on tenant_id, all
-- co-located; every primary key, unique constraint and foreign key includes the tenant. Authentication is the one
-- lookup that cannot name the tenant (the credential is what tells us the tenant), so it goes by prefix through
-- non-unique indexes (a distributed table cannot enforce uniqueness without the distribution column). Under Citus
-- that lookup fans out to every shard; it is a single-row index scan on each. A prefix collision across tenants is
-- negligible at 60 random bits, and harmless: authentication checks the digest of every row with that prefix.

-- An onboarding product team. id is the TenantId value; disabled tenants authenticate nothing.
CREATE TABLE tenant (
    id           text        NOT NULL,
    display_name text        NOT NULL,
    created_at   timestamptz NOT NULL,
    disabled_at  timestamptz,
    CONSTRAINT tenant_pk PRIMARY KEY (id),
    CONSTRAINT tenant_id_ck CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    CONSTRAINT tenant_display_name_ck CHECK (length(display_name) BETWEEN 1 AND 200)
);

-- A tenant's API keys: vfk_<prefix>_<secret>. Revoked keys are kept (revoked_at set) so that a revocation is visible.
CREATE TABLE api_key (
    tenant_id  text        NOT NULL,
    prefix     text        NOT NULL,
    hash       bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz,
    revoked_at timestamptz,
    CONSTRAINT api_key_pk PRIMARY KEY (tenant_id, prefix),
    CONSTRAINT api_key_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT api_key_prefix_ck CHECK (prefix ~ '^[a-z2-7]{12}$'),
    CONSTRAINT api_key_hash_ck CHECK (octet_length(hash) = 32)
);

-- Authentication: find a presented key's row by its prefix, across tenants (see above: not unique on purpose).
CREATE INDEX api_key_prefix_idx ON api_key (prefix);

-- The client secret of a session (vfcs_<prefix>_<secret>): at most one per session; issuing again replaces it.
-- No foreign key to tenant: a session's tenant is the session's business, and the session row goes first.
CREATE TABLE session_client_secret (
    tenant_id  text        NOT NULL,
    session_id uuid        NOT NULL,
    prefix     text        NOT NULL,
    hash       bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT session_client_secret_pk PRIMARY KEY (tenant_id, session_id),
    CONSTRAINT session_client_secret_prefix_uq UNIQUE (tenant_id, prefix),
    CONSTRAINT session_client_secret_session_fk FOREIGN KEY (tenant_id, session_id)
        REFERENCES verification_session (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT session_client_secret_prefix_ck CHECK (prefix ~ '^[a-z2-7]{12}$'),
    CONSTRAINT session_client_secret_hash_ck CHECK (octet_length(hash) = 32)
);

-- Authentication: find a presented client secret's row by its prefix, across tenants (not unique, as for api_key).
CREATE INDEX session_client_secret_prefix_idx ON session_client_secret (prefix);
