-- Web sessions live on the server: the sign-in cookie names one by a secret whose SHA-256 is kept
-- here, so signing out, a password change or an admin ends it at once. A session slides with use
-- (last_seen_at) and never outlives expires_at.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    secret_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT NULL,
    end_reason TEXT NULL,
    client_address TEXT NULL
);
CREATE INDEX ix_sessions_user ON sessions (user_id);

-- The audit log: security-relevant actions with who, when and from where.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NULL,
    client_address TEXT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, id);
CREATE INDEX ix_audit_log_kind ON audit_log (kind, id);
