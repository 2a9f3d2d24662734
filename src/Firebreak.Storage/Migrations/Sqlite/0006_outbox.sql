-- The outbox: one row per (message, channel), written in the transaction of the event that calls
-- for it. idempotency_key is derived from the event and the channel, so a message is queued once
-- and receivers can de-duplicate on it. Rows of one subject and channel are sent in id order.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    event_position BIGINT NOT NULL,
    event_version BIGINT NOT NULL,
    message TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    since TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT NULL,
    last_attempt_at TEXT NULL,
    last_status INTEGER NULL,
    last_error TEXT NULL,
    delivered_at TEXT NULL
);
-- A claim walks a channel's pending rows in id order (ix_outbox_queue) and skips the subjects that have
-- an earlier row waiting for a retry (ix_outbox_due) or in flight (ix_outbox_claimed): few rows each.
CREATE INDEX ix_outbox_queue ON outbox (channel, state, id);
CREATE INDEX ix_outbox_due ON outbox (state, channel, next_attempt_at);
CREATE INDEX ix_outbox_claimed ON outbox (channel, claimed_until);
CREATE INDEX ix_outbox_subject ON outbox (subject_type, subject_id, channel, id);
CREATE INDEX ix_outbox_event ON outbox (event_position);

-- Every try of every delivery: when, how long, and what the receiver said (or the error).
CREATE TABLE outbox_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id),
    attempt INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    status INTEGER NULL,
    detail TEXT NULL
);
CREATE INDEX ix_outbox_attempts_outbox ON outbox_attempts (outbox_id, id);
