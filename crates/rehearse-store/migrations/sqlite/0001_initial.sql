-- The first schema. Every user-owned row carries its owner from the start, so that server mode
-- changes authentication, not the schema. Migrations are never edited after they land.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Single-user mode has exactly one user, id 1.
INSERT INTO users (id, name) VALUES (1, 'local');

CREATE TABLE attempts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id      TEXT    NOT NULL,
    question_text    TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    answer           TEXT    NOT NULL,
    duration_seconds INTEGER,
    -- Copied out of `analysis` so history lists without parsing JSON.
    overall_score    INTEGER,
    -- The Analysis as shown at the time, as JSON (DESIGN.md §6).
    analysis         TEXT    NOT NULL,
    created_at       TEXT    NOT NULL
);

CREATE INDEX attempts_by_owner ON attempts (owner_id, id DESC);
CREATE INDEX attempts_by_owner_question ON attempts (owner_id, question_id);
