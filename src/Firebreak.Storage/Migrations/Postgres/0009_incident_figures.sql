-- One row of figures per incident for the learning report, written by its projection in the append's
-- transaction, so the report reads rows instead of folding every incident's events. services and
-- update_times are JSON arrays (the services in lower case; when each update was posted, which the
-- longest silence is measured from). The events stay the truth: a start that finds another figures
-- version in snapshot_versions fills the table again from them.
CREATE TABLE incident_figures (
    incident_id BIGINT PRIMARY KEY,
    severity TEXT NOT NULL,
    services TEXT NOT NULL,
    private INTEGER NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    declared_by TEXT NOT NULL,
    acknowledged_at TEXT NULL,
    commander_at TEXT NULL,
    first_mitigation_at TEXT NULL,
    resolved_at TEXT NULL,
    declined INTEGER NOT NULL,
    cadence_kept INTEGER NULL,
    longest_silence_seconds BIGINT NULL,
    verified INTEGER NOT NULL,
    overridden INTEGER NOT NULL,
    update_times TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_incident_figures_started ON incident_figures (started_at);
