-- One stream store for every slice: events keyed by (stream type, stream id, version), with a global
-- position that orders the change feed. Incident events move here from incident_events, in the order
-- they happened (ties by incident and version), so their positions follow history.
CREATE TABLE events (
    position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_type TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    actor TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    UNIQUE (stream_type, stream_id, version)
);

INSERT INTO events (stream_type, stream_id, version, type, data, actor, occurred_at)
SELECT 'incident', CAST(incident_id AS TEXT), version, type, data, actor, occurred_at
FROM incident_events
ORDER BY occurred_at, incident_id, version;

DROP TABLE incident_events;

-- Scheduler rows are keyed by their subject (a stream type and id) and a purpose, so any slice can
-- plan deadlines. The old rows were all incident deadlines keyed 'kind:incident'.
CREATE TABLE scheduled_deadlines (
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    PRIMARY KEY (subject_type, subject_id, purpose)
);
CREATE INDEX ix_scheduled_deadlines_due ON scheduled_deadlines (due_at);

INSERT INTO scheduled_deadlines (subject_type, subject_id, purpose, due_at, attempts, last_error)
SELECT 'incident', CAST(incident_id AS TEXT), kind, due_at, attempts, last_error
FROM scheduled_jobs
WHERE incident_id IS NOT NULL;

DROP TABLE scheduled_jobs;

-- The version of each stored snapshot's shape: a snapshot of another shape is rebuilt from the events.
CREATE TABLE snapshot_versions (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO snapshot_versions (name, version) VALUES ('incident', 1);
