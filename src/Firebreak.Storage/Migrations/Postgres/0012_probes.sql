-- What the probes found: each run's result (the recent ones, pruned to the last 500 per probe) and an
-- hour's roll-up kept for good (checks, failures, total and slowest time), for the history.
CREATE TABLE probe_results (
    probe TEXT NOT NULL,
    at TEXT NOT NULL,
    passed INTEGER NOT NULL,
    status INTEGER NULL,
    elapsed_ms INTEGER NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX ix_probe_results_probe ON probe_results (probe, at);
CREATE TABLE probe_hours (
    probe TEXT NOT NULL,
    hour TEXT NOT NULL,
    checks INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    total_ms BIGINT NOT NULL,
    max_ms INTEGER NOT NULL,
    PRIMARY KEY (probe, hour)
);
