-- Reads that cost what they show (issue 16): the numbers the dashboard and lists need, kept as
-- columns and counters rather than parsed out of each answer's analysis JSON or counted per view.

-- Copied out of `analysis` when an answer is saved, for the progress charts.
ALTER TABLE attempts ADD COLUMN word_count INTEGER;
ALTER TABLE attempts ADD COLUMN filler_count INTEGER;
-- The sub-scores as JSON (`Scores`), NULL when the answer was not scored.
ALTER TABLE attempts ADD COLUMN scores TEXT;

UPDATE attempts SET
    word_count = json_extract(analysis, '$.word_count'),
    filler_count = COALESCE(json_array_length(analysis, '$.fillers'), 0),
    scores = json_extract(analysis, '$.scores');

-- How many times each question was answered, kept up to date in the transaction that saves an
-- answer: the home page and question picking read at most one row per question asked.
CREATE TABLE question_stats (
    owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    PRIMARY KEY (owner_id, question_id)
) WITHOUT ROWID;

INSERT INTO question_stats (owner_id, question_id, attempts)
    SELECT owner_id, question_id, COUNT(*) FROM attempts GROUP BY owner_id, question_id;
