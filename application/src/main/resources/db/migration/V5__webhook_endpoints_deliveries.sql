-- Outbound notifications, version 5: tenants' webhook endpoints and the deliveries of outbox rows to them
-- (io.veriflow.app.notify, io.veriflow.app.persistence.Jdbc{Notifications,WebhookEndpoints,DeliveryQueue}).
--
-- Distributable by tenant (Citus), like every table: tenant_id leads every key, unique constraint and foreign key.

-- The outbox body is signed and sent byte for byte as rendered, with its keys in the documented order. jsonb would
-- normalise it (reorder keys, respace), so the body is kept as the exact text instead. Only the application writes it.
ALTER TABLE outbox ALTER COLUMN payload TYPE text USING payload::text;

-- Replay "since" a time: one tenant's outbox rows in creation order.
CREATE INDEX outbox_created_idx ON outbox (tenant_id, created_at);

-- A product team's webhook endpoint. The signing secret is never here: it is sealed in `secret` (purpose
-- ENDPOINT_SIGNING_SECRET, owner = the endpoint id; during a rotation the replaced secret stays valid under the owner
-- '<id>-previous' until previous_secret_until). event_types lists the subscribed notification types (wire names);
-- empty means all. consecutive_failures/failing_since are the current run of failed attempts (any success ends it);
-- an endpoint failing for long enough is disabled with a reason until the tenant enables it again.
CREATE TABLE webhook_endpoint (
    tenant_id             text        NOT NULL,
    id                    uuid        NOT NULL,
    url                   text        NOT NULL,
    description           text,
    event_types           text[]      NOT NULL DEFAULT '{}',
    enabled               boolean     NOT NULL DEFAULT true,
    disabled_reason       text,
    disabled_at           timestamptz,
    consecutive_failures  integer     NOT NULL DEFAULT 0,
    failing_since         timestamptz,
    previous_secret_until timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    CONSTRAINT webhook_endpoint_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT webhook_endpoint_url_ck CHECK (char_length(url) BETWEEN 1 AND 2048),
    CONSTRAINT webhook_endpoint_description_ck CHECK (char_length(description) <= 500),
    CONSTRAINT webhook_endpoint_failures_ck CHECK (consecutive_failures >= 0),
    CONSTRAINT webhook_endpoint_failing_ck CHECK ((consecutive_failures = 0) = (failing_since IS NULL)),
    CONSTRAINT webhook_endpoint_disabled_ck CHECK (enabled = (disabled_reason IS NULL))
);

-- One outbox row to one endpoint. Written with the outbox row (one per enabled, subscribed endpoint), or by a
-- replay. pending until delivered (a 2xx) or given up (failed; replayable). session_id and sequence are copied
-- from the outbox row so that the worker can keep each (endpoint, session) in sequence order: a delivery is claimed
-- only while no delivery of a lower sequence for the same endpoint and session is pending.
--
-- Claiming: pending, due, lease free or expired, endpoint enabled, in next_attempt_at order, with
-- FOR UPDATE OF delivery SKIP LOCKED; the claim sets lease_owner/lease_expires_at and bumps attempts, and
-- (lease_owner, attempts) identifies the lease for every later update. A delivered row keeps lease_owner as the
-- record of which instance delivered it.
CREATE TABLE delivery (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    endpoint_id      uuid        NOT NULL,
    outbox_id        uuid        NOT NULL,
    session_id       uuid        NOT NULL,
    sequence         bigint      NOT NULL,
    state            text        NOT NULL DEFAULT 'pending',
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    first_attempt_at timestamptz,
    last_attempt_at  timestamptz,
    last_status      integer,
    last_error       text,
    lease_owner      text,
    lease_expires_at timestamptz,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT delivery_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT delivery_endpoint_outbox_uq UNIQUE (tenant_id, endpoint_id, outbox_id),
    CONSTRAINT delivery_endpoint_fk FOREIGN KEY (tenant_id, endpoint_id)
        REFERENCES webhook_endpoint (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT delivery_outbox_fk FOREIGN KEY (tenant_id, outbox_id)
        REFERENCES outbox (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT delivery_state_ck CHECK (state IN ('pending', 'delivered', 'failed')),
    CONSTRAINT delivery_attempts_ck CHECK (attempts >= 0),
    CONSTRAINT delivery_sequence_ck CHECK (sequence >= 1),
    CONSTRAINT delivery_delivered_ck CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
);

-- Claiming: due pending deliveries (delivered and failed rows, most of the table, are not in this index).
CREATE INDEX delivery_claim_idx ON delivery (next_attempt_at) WHERE state = 'pending';
-- The order rule: "is a lower sequence of this endpoint and session still pending?"
CREATE INDEX delivery_order_idx ON delivery (tenant_id, endpoint_id, session_id, sequence) WHERE state = 'pending';
