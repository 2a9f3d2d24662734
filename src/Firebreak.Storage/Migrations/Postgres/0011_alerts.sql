-- Alert groups and their alerts, kept beside the alert-group streams by their projection in the
-- append's transaction. alert_group_keys names, for each integration and group key, the group its
-- next alert goes to, and is the row an intake locks so that two requests never open two groups for
-- one key. A group's folded state is in alert_groups.state (JSON); each alert's last word is its row in
-- alerts, which is what tells a repeat (nothing to append) from a change.
CREATE TABLE alert_groups (
    id BIGINT PRIMARY KEY,
    integration TEXT NOT NULL,
    group_key TEXT NOT NULL,
    status TEXT NOT NULL,
    service TEXT NULL,
    incident_id BIGINT NULL,
    title TEXT NOT NULL,
    firing INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX ix_alert_groups_updated ON alert_groups (updated_at);
CREATE INDEX ix_alert_groups_incident ON alert_groups (incident_id);
CREATE INDEX ix_alert_groups_opened ON alert_groups (opened_at);
CREATE TABLE alert_group_keys (
    integration TEXT NOT NULL,
    group_key TEXT NOT NULL,
    group_id BIGINT NOT NULL,
    PRIMARY KEY (integration, group_key)
);
CREATE TABLE alerts (
    group_id BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    labels TEXT NOT NULL,
    annotations TEXT NOT NULL,
    starts_at TEXT NULL,
    ends_at TEXT NULL,
    link TEXT NULL,
    fired BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (group_id, fingerprint)
);
