-- People and systems told about the public status page: an email address (confirmed by a link
-- before anything but the confirmation is sent) or a webhook (added by an admin, signed with its own
-- secret). components is a JSON array of component names, null for all. token is the secret part of
-- the links in every message (confirm, manage, unsubscribe). Unsubscribing deletes the row.
CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    address TEXT NOT NULL,
    components TEXT NULL,
    token TEXT NOT NULL UNIQUE,
    secret TEXT NULL,
    confirmed_at TEXT NULL,
    created_at TEXT NOT NULL,
    client TEXT NULL
);
CREATE UNIQUE INDEX ix_subscribers_address ON subscribers (kind, address);
