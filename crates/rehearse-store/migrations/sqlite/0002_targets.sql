-- Targets: a job the user prepares for, with the posting, what was read from it, the resume used
-- and the practice set made for it. The profile, resume and set are stored as JSON in their
-- DESIGN.md shapes; the columns beside them serve the list without parsing JSON.

CREATE TABLE targets (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    role_family    TEXT    NOT NULL,
    seniority      TEXT    NOT NULL,
    question_count INTEGER NOT NULL,
    posting        TEXT    NOT NULL,
    profile        TEXT    NOT NULL,
    resume_name    TEXT,
    resume_text    TEXT,
    resume         TEXT,
    question_set   TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);

CREATE INDEX targets_by_owner ON targets (owner_id, id DESC);

-- The target whose set a practised question came from.
ALTER TABLE attempts ADD COLUMN target_id INTEGER REFERENCES targets (id) ON DELETE SET NULL;
