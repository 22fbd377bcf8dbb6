-- What an LLM added to an answer (checked, as Coaching JSON), and each target's choice about
-- sending its material to the configured LLM (NULL: not chosen yet; 0: offline; 1: allowed).

ALTER TABLE attempts ADD COLUMN coaching TEXT;
ALTER TABLE targets ADD COLUMN llm_consent INTEGER;
