-- The STAR story bank. A story is stored whole as JSON in its StoryFields shape (read whole,
-- never queried inside); the title beside it serves logs and manual inspection.

CREATE TABLE stories (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    fields     TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

CREATE INDEX stories_by_owner ON stories (owner_id, id);

-- The story an answer was told from, to warn when one story is used too often.
ALTER TABLE attempts ADD COLUMN story_id INTEGER REFERENCES stories (id) ON DELETE SET NULL;
