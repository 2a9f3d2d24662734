-- The folded state of each stream of the smaller stream types (status page components, maintenance,
-- and the like): written by their projection in the append's transaction, read instead of folding
-- the stream again. The events stay the truth; a row can be rebuilt from them.
CREATE TABLE stream_states (
    stream_type TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (stream_type, stream_id)
);
