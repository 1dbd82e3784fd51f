-- Veriflow schema, version 1: verification sessions and their attempts, the signal log, durable tasks, the outbox
-- and encrypted secrets.
--
-- Distributable by tenant (Citus): every table is tenant-owned, carries tenant_id, and every primary key, unique
-- constraint and foreign key includes it, so each table can be distributed on tenant_id and co-located. The only
-- cross-tenant lookup (webhook routing by provider reference) uses a non-unique index.
--
-- Enumerations are stored as text (the domain's enum names) guarded by CHECK constraints. Timestamps are
-- timestamptz (microsecond precision). traceparent columns hold the W3C trace context of the request that created
-- the row.

-- One attempt-chain of verifying one subject through one provider. state and verdict are derived from the attempts
-- (the current attempt's process state and decision) and stored for queries only; the attempts are the truth.
CREATE TABLE verification_session (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL,
    provider_id  text        NOT NULL,
    subject_ref  text        NOT NULL,
    template_ref text        NOT NULL,
    state        text        NOT NULL,
    verdict      text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint      NOT NULL DEFAULT 0,
    CONSTRAINT verification_session_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT verification_session_state_ck CHECK (
        state IN ('CREATED', 'IN_PROGRESS', 'ABANDONED', 'SUBMITTED', 'DECIDED', 'EXPIRED', 'CANCELED')),
    CONSTRAINT verification_session_verdict_ck CHECK (verdict IN ('PASSED', 'FAILED', 'NEEDS_REVIEW')),
    CONSTRAINT verification_session_decided_ck CHECK ((state = 'DECIDED') = (verdict IS NOT NULL)),
    CONSTRAINT verification_session_version_ck CHECK (version >= 0)
);

-- The list query is "one tenant's sessions, newest first (UUIDv7 ids are time-ordered), after a cursor id": the
-- primary key index (tenant_id, id) serves it by a backward index scan, so it needs no second index. Each filter
-- gets an index that also keeps the id order, so a filtered page is an index range scan with a LIMIT.
CREATE INDEX verification_session_subject_idx ON verification_session (tenant_id, subject_ref, id DESC);
CREATE INDEX verification_session_state_idx ON verification_session (tenant_id, state, id DESC);
CREATE INDEX verification_session_provider_idx ON verification_session (tenant_id, provider_id, id DESC);

-- One attempt at the provider. provider_id is denormalised from the session so that a webhook, which names only the
-- provider's reference, finds its session with one indexed lookup across tenants.
CREATE TABLE verification_attempt (
    tenant_id           text        NOT NULL,
    session_id          uuid        NOT NULL,
    number              integer     NOT NULL,
    provider_id         text        NOT NULL,
    provider_ref        text,
    previous_ref        text,
    origin              text        NOT NULL,
    opened_at           timestamptz NOT NULL,
    snapshot            jsonb,
    client_progress     jsonb       NOT NULL,
    resumed_at          timestamptz,
    platform_expired_at timestamptz,
    CONSTRAINT verification_attempt_pk PRIMARY KEY (tenant_id, session_id, number),
    CONSTRAINT verification_attempt_session_fk FOREIGN KEY (tenant_id, session_id)
        REFERENCES verification_session (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT verification_attempt_number_ck CHECK (number >= 1),
    CONSTRAINT verification_attempt_origin_ck CHECK (origin IN ('SESSION_START', 'RETRY', 'PROVIDER'))
);

-- Webhook routing: not unique, because uniqueness across tenants cannot be enforced once distributed by tenant.
CREATE INDEX verification_attempt_provider_ref_idx ON verification_attempt (provider_id, provider_ref)
    WHERE provider_ref IS NOT NULL;

-- Every signal received, de-duplicated on (tenant, provider, dedupe key): the session's timeline.
CREATE TABLE signal_log (
    tenant_id     text        NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    session_id    uuid        NOT NULL,
    provider_id   text        NOT NULL,
    dedupe_key    text        NOT NULL,
    name          text        NOT NULL,
    authority     text        NOT NULL,
    occurred_at   timestamptz,
    received_at   timestamptz NOT NULL,
    effect_result text        NOT NULL,
    effect_reason text,
    effect_events text[]      NOT NULL DEFAULT '{}',
    payload       jsonb       NOT NULL,
    traceparent   text,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT signal_log_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT signal_log_dedupe_uq UNIQUE (tenant_id, provider_id, dedupe_key),
    CONSTRAINT signal_log_session_fk FOREIGN KEY (tenant_id, session_id)
        REFERENCES verification_session (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT signal_log_authority_ck CHECK (authority IN ('CLIENT_HINT', 'NOTIFICATION', 'AUTHORITATIVE')),
    CONSTRAINT signal_log_effect_result_ck CHECK (effect_result IN ('CHANGED', 'IGNORED', 'REJECTED'))
);

-- A session's timeline in the order received.
CREATE INDEX signal_log_timeline_idx ON signal_log (tenant_id, session_id, id);

-- Durable work (reconcile a session, deliver a notification), claimed by any instance with
-- SELECT ... WHERE state = 'pending' AND not_before <= now() ORDER BY not_before FOR UPDATE SKIP LOCKED,
-- and leased to it until lease_expires_at.
CREATE TABLE task (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    kind             text        NOT NULL,
    session_id       uuid,
    payload          jsonb       NOT NULL DEFAULT '{}',
    state            text        NOT NULL DEFAULT 'pending',
    attempts         integer     NOT NULL DEFAULT 0,
    not_before       timestamptz NOT NULL,
    lease_owner      text,
    lease_expires_at timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    traceparent      text,
    CONSTRAINT task_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT task_kind_ck CHECK (kind IN ('reconcile', 'notify')),
    CONSTRAINT task_state_ck CHECK (state IN ('pending', 'running', 'done')),
    CONSTRAINT task_attempts_ck CHECK (attempts >= 0),
    CONSTRAINT task_lease_ck CHECK (state <> 'running' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CONSTRAINT task_reconcile_session_ck CHECK (kind <> 'reconcile' OR session_id IS NOT NULL)
);

-- Claiming: due pending tasks in not_before order.
CREATE INDEX task_claim_idx ON task (state, not_before);
-- Recovering leases of instances that died while running a task.
CREATE INDEX task_lease_idx ON task (lease_expires_at) WHERE state = 'running';
-- Coalescing: at most one pending reconcile task per session (INSERT ... ON CONFLICT targets this index).
CREATE UNIQUE INDEX task_one_pending_reconcile_uq ON task (tenant_id, session_id)
    WHERE kind = 'reconcile' AND state = 'pending';

-- Events to tell the tenant about, written in the same transaction as the state change and delivered in sequence
-- order per session. id is the stable webhook-id of the event.
CREATE TABLE outbox (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id  uuid        NOT NULL,
    sequence    bigint      NOT NULL,
    event_type  text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    traceparent text,
    CONSTRAINT outbox_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT outbox_sequence_uq UNIQUE (tenant_id, session_id, sequence),
    CONSTRAINT outbox_session_fk FOREIGN KEY (tenant_id, session_id)
        REFERENCES verification_session (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT outbox_sequence_ck CHECK (sequence >= 1)
);

-- Secrets encrypted at rest (resume tokens, endpoint signing secrets): an AEAD ciphertext, its nonce, and the id of
-- the key that encrypted it (for rotation).
CREATE TABLE secret (
    tenant_id  text        NOT NULL,
    purpose    text        NOT NULL,
    owner      text        NOT NULL,
    ciphertext bytea       NOT NULL,
    nonce      bytea       NOT NULL,
    key_id     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT secret_pk PRIMARY KEY (tenant_id, purpose, owner),
    CONSTRAINT secret_purpose_ck CHECK (purpose IN ('RESUME_TOKEN', 'ENDPOINT_SIGNING_SECRET'))
);
