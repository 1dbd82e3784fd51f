-- Durable work, version 4: what the task worker and its timers (io.veriflow.app.work) need on top of V1.
--
-- Finished reconcile tasks are kept as state 'done' (not deleted) for a retention period: a done row is the record
-- that its session was reconciled recently, which is what keeps the silent-session timer from reconciling the same
-- session on every scan, and it tells an operator which instance did the work (lease_owner). Done rows are purged
-- after the retention period in bounded batches.

-- A stuck task (too many attempts, or unfinished for too long) is logged once: the first sweep that sees it stamps
-- this column in the same statement that selects it, so exactly one instance logs it.
ALTER TABLE task ADD COLUMN stuck_reported_at timestamptz;

-- Stuck tasks, oldest first, among the unfinished ones only (done rows are most of the table).
CREATE INDEX task_unfinished_idx ON task (created_at) WHERE state <> 'done';
-- Purging done rows after the retention period.
CREATE INDEX task_done_idx ON task (updated_at) WHERE state = 'done';
-- "Does this session have an unfinished or recently finished reconcile task?" (the silent-session timer).
CREATE INDEX task_reconcile_session_idx ON task (tenant_id, session_id, updated_at) WHERE kind = 'reconcile';

-- Silent sessions: open or awaiting a decision (a reviewer included), longest unchanged first. The predicate is
-- repeated verbatim by the query so that the planner uses this partial index.
CREATE INDEX verification_session_silent_idx ON verification_session (updated_at)
    WHERE state IN ('CREATED', 'IN_PROGRESS', 'ABANDONED', 'SUBMITTED') OR (state = 'DECIDED' AND verdict = 'NEEDS_REVIEW');

-- Platform expiry: open sessions of one provider, oldest first.
CREATE INDEX verification_session_open_idx ON verification_session (provider_id, created_at)
    WHERE state IN ('CREATED', 'IN_PROGRESS', 'ABANDONED');
