-- Reads that cost what they show: the numbers the home page, question picking and the progress
-- dashboard need are kept as counters, updated in the transaction that saves an answer, instead
-- of being counted or parsed out of every answer's analysis on each view.

-- Per question: how many answers, and the latest one's overall score (NULL: not scored).
CREATE TABLE question_stats (
    owner_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id  TEXT    NOT NULL,
    attempts     INTEGER NOT NULL,
    latest_score INTEGER,
    PRIMARY KEY (owner_id, question_id)
) WITHOUT ROWID;

INSERT INTO question_stats (owner_id, question_id, attempts, latest_score)
    SELECT owner_id, question_id, COUNT(*),
           (SELECT overall_score FROM attempts AS latest
             WHERE latest.owner_id = attempts.owner_id AND latest.question_id = attempts.question_id
             ORDER BY latest.id DESC LIMIT 1)
    FROM attempts GROUP BY owner_id, question_id;

-- Per day (the machine's local date, as the dashboard shows it): answers, words, fillers, and
-- the sum and count of each sub-score over the scored answers (a count of 0: none had it).
CREATE TABLE daily_stats (
    owner_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day           TEXT    NOT NULL,
    attempts      INTEGER NOT NULL,
    words         INTEGER NOT NULL,
    fillers       INTEGER NOT NULL,
    overall_sum   INTEGER NOT NULL, overall_n   INTEGER NOT NULL,
    structure_sum INTEGER NOT NULL, structure_n INTEGER NOT NULL,
    ownership_sum INTEGER NOT NULL, ownership_n INTEGER NOT NULL,
    impact_sum    INTEGER NOT NULL, impact_n    INTEGER NOT NULL,
    concision_sum INTEGER NOT NULL, concision_n INTEGER NOT NULL,
    relevance_sum INTEGER NOT NULL, relevance_n INTEGER NOT NULL,
    delivery_sum  INTEGER NOT NULL, delivery_n  INTEGER NOT NULL,
    PRIMARY KEY (owner_id, day)
) WITHOUT ROWID;

INSERT INTO daily_stats
    SELECT owner_id, day, COUNT(*), SUM(words), SUM(fillers),
           COALESCE(SUM(overall), 0), COUNT(overall),
           COALESCE(SUM(structure), 0), COUNT(structure),
           COALESCE(SUM(ownership), 0), COUNT(ownership),
           COALESCE(SUM(impact), 0), COUNT(impact),
           COALESCE(SUM(concision), 0), COUNT(concision),
           COALESCE(SUM(relevance), 0), COUNT(relevance),
           COALESCE(SUM(delivery), 0), COUNT(delivery)
    FROM (SELECT owner_id,
                 date(created_at, 'localtime') AS day,
                 COALESCE(json_extract(analysis, '$.word_count'), 0) AS words,
                 COALESCE(json_array_length(analysis, '$.fillers'), 0) AS fillers,
                 json_extract(analysis, '$.scores.overall') AS overall,
                 json_extract(analysis, '$.scores.structure') AS structure,
                 json_extract(analysis, '$.scores.ownership') AS ownership,
                 json_extract(analysis, '$.scores.impact') AS impact,
                 json_extract(analysis, '$.scores.concision') AS concision,
                 json_extract(analysis, '$.scores.relevance') AS relevance,
                 json_extract(analysis, '$.scores.delivery') AS delivery
          FROM attempts)
    GROUP BY owner_id, day;
