-- Incidents: the event streams, and the read model updated in the same transaction as each append.
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    active INTEGER NOT NULL,
    private INTEGER NOT NULL,
    commander TEXT NULL,
    started_at TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search_text TEXT NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX ix_incidents_active ON incidents (active, declared_at);

CREATE TABLE incident_events (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    version INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    actor TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    PRIMARY KEY (incident_id, version)
);

CREATE TABLE incident_services (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    service TEXT NOT NULL,
    PRIMARY KEY (incident_id, service)
);
CREATE INDEX ix_incident_services_service ON incident_services (service);

CREATE TABLE incident_members (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    username TEXT NOT NULL,
    PRIMARY KEY (incident_id, username)
);
CREATE INDEX ix_incident_members_username ON incident_members (username);

-- Accounts and API tokens (tokens are stored as SHA-256 digests, never in clear).
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT NULL
);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);
