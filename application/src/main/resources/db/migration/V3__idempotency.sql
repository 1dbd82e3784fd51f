-- Idempotency keys of the API's create requests (POST /v1/sessions), one row per (tenant, key).
--
-- A request claims its key by inserting the row before it acts (state 'in_progress', leased until locked_until to
-- the claim_token of that request); the primary key makes the claim atomic across requests and instances. When the
-- request finishes, the row keeps the session it created and the answer it gave, WITHOUT secrets (no client secret,
-- no provider launch token), for replays. A request that fails before acting deletes its row, so the key can be
-- retried. request_hash is a SHA-256 of the request's parsed values: the same key with another request is refused.
--
-- Tenant-owned like every table: tenant_id leads the primary key (distributable by tenant).
CREATE TABLE idempotency_key (
    tenant_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    state           text        NOT NULL,
    claim_token     uuid        NOT NULL,
    locked_until    timestamptz NOT NULL,
    session_id      uuid,
    response_status integer,
    response        jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    CONSTRAINT idempotency_key_pk PRIMARY KEY (tenant_id, idempotency_key),
    CONSTRAINT idempotency_key_state_ck CHECK (state IN ('in_progress', 'completed')),
    CONSTRAINT idempotency_key_completed_ck CHECK (
        (state = 'completed') = (response IS NOT NULL AND response_status IS NOT NULL AND session_id IS NOT NULL)),
    CONSTRAINT idempotency_key_length_ck CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT idempotency_key_session_fk FOREIGN KEY (tenant_id, session_id)
        REFERENCES verification_session (tenant_id, id) ON DELETE CASCADE
);

-- For purging old keys (retention) in creation order.
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
