-- Questions the FAQ could not answer: no resident id, only the normalised text, so officials
-- see what is missing without seeing who asked.
CREATE TABLE faq_misses (
    question       TEXT PRIMARY KEY,
    count          INTEGER NOT NULL DEFAULT 1,
    first_asked_at TEXT NOT NULL,
    last_asked_at  TEXT NOT NULL
);
CREATE INDEX faq_misses_by_count ON faq_misses(count DESC, last_asked_at DESC);

-- «Чи допомогла відповідь?»: one vote per resident and entry, the latest wins; erased with
-- the resident.
CREATE TABLE faq_feedback (
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    entry_code   TEXT NOT NULL,
    helpful      INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    at           TEXT NOT NULL,
    PRIMARY KEY (resident_id, entry_code)
);
CREATE INDEX faq_feedback_by_entry ON faq_feedback(entry_code, helpful);
