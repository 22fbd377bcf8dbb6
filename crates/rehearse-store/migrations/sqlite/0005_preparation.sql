-- Preparation around the interview: each target's interview dates, the plan's done tasks, the
-- review schedule of practised questions, debriefs, and small per-user documents (settings,
-- research notes, checklists, the salary worksheet) kept as JSON.

ALTER TABLE targets ADD COLUMN interviews TEXT;

CREATE TABLE plan_done (
    owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    task_id  TEXT    NOT NULL,
    done_at  TEXT    NOT NULL,
    PRIMARY KEY (owner_id, task_id)
);

CREATE TABLE reviews (
    owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The question and the target whose set holds it (0 for none), so one row per question.
    question_id TEXT    NOT NULL,
    target_id   INTEGER NOT NULL,
    due         TEXT    NOT NULL,
    record      TEXT    NOT NULL,
    PRIMARY KEY (owner_id, question_id, target_id)
);

CREATE INDEX reviews_by_due ON reviews (owner_id, due);

CREATE TABLE debriefs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_id  INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    fields     TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE TABLE documents (
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (owner_id, kind, key)
);
