-- Mock interview sessions. The session (its settings, questions, answers with their analyses,
-- and where it is) is one JSON document, written after every answer; the round, whether it has
-- finished and its mean score are columns for the history list.

CREATE TABLE mocks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_id  INTEGER REFERENCES targets (id) ON DELETE SET NULL,
    round      TEXT    NOT NULL,
    finished   INTEGER NOT NULL,
    score      INTEGER,
    session    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

CREATE INDEX mocks_by_owner ON mocks (owner_id, id);
