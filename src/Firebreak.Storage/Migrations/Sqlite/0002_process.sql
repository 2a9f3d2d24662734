-- Evidence: immutable content kept beside the incident stream, addressed by id, checked by SHA-256.
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NULL,
    url TEXT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NULL,
    verification INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_evidence_incident ON evidence (incident_id);

-- The durable scheduler: one row per pending deadline, and the lease that lets one node run them.
CREATE TABLE scheduled_jobs (
    job_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    incident_id INTEGER NULL,
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL
);
CREATE INDEX ix_scheduled_jobs_due ON scheduled_jobs (due_at);

CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
