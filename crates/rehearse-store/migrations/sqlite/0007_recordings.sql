-- Spoken answers: the recording as uploaded (NULL once the user deletes it, or when they keep
-- no audio), what the speech engine heard (JSON, NULL until transcribed), and the attempt it
-- became, once saved.

CREATE TABLE recordings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    attempt_id  INTEGER REFERENCES attempts (id) ON DELETE CASCADE,
    mime        TEXT    NOT NULL,
    audio       BLOB,
    transcript  TEXT,
    created_at  TEXT    NOT NULL
);

CREATE INDEX recordings_by_owner ON recordings (owner_id, id);
CREATE INDEX recordings_by_attempt ON recordings (attempt_id);
