-- Change events (deploys, configuration changes, flag flips): the events of the 'change' streams stay
-- the truth; these rows are their projection, written in the append's transaction, so "what changed on
-- these services in this window" reads an index instead of every change's events. services is a JSON
-- array of lower-case names; change_services holds one row per change and service for the lookup.
CREATE TABLE changes (
    id BIGINT PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    services TEXT NOT NULL,
    summary TEXT NOT NULL,
    link TEXT NULL,
    source TEXT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX ix_changes_occurred ON changes (occurred_at);
CREATE TABLE change_services (
    service TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    change_id BIGINT NOT NULL,
    PRIMARY KEY (service, occurred_at, change_id)
);
