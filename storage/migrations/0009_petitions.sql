-- E-petitions (Article 23-1 of the Law «Про звернення громадян»): created and signed in the bot.
CREATE TABLE petitions (
    id                  INTEGER PRIMARY KEY,
    -- NULL for a fictional demo author, or once the author deleted their data: a published
    -- petition keeps the author's name, which the law requires to be public.
    author_id           INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    author_name         TEXT NOT NULL,
    author_email        TEXT,
    title               TEXT NOT NULL,
    body                TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN
                        ('moderation', 'refused', 'collecting', 'reached', 'missed', 'answered')),
    submitted_at        TEXT NOT NULL,
    refusal_reason      TEXT,
    moderated_at        TEXT,
    -- Set at publication from the community's settings then in force.
    threshold           INTEGER,
    published_at        TEXT,
    deadline_at         TEXT,
    -- When collection ended: the threshold was reached, or the deadline passed.
    closed_at           TEXT,
    answer_text         TEXT,
    answer_supported    INTEGER,
    answered_at         TEXT,
    moderation_reminded INTEGER NOT NULL DEFAULT 0,
    -- The last status residents were told about; the notifier catches up on the rest.
    announced           TEXT NOT NULL DEFAULT 'moderation',
    demo                INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX petitions_by_status ON petitions(status, published_at);
CREATE INDEX petitions_by_author ON petitions(author_id);

-- One row per person who signed, ever: a withdrawn signature stays (without the name) so the
-- same resident or phone cannot sign that petition again. The count is always derived from
-- the rows. resident_id is NULL only for the demo's fictional signatories.
CREATE TABLE petition_signatures (
    id            INTEGER PRIMARY KEY,
    petition_id   INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    resident_id   INTEGER REFERENCES residents(id) ON DELETE CASCADE,
    signer_name   TEXT NOT NULL,
    phone         TEXT NOT NULL,
    signed_at     TEXT NOT NULL,
    withdrawn_at  TEXT,
    UNIQUE (petition_id, resident_id),
    UNIQUE (petition_id, phone)
);
CREATE INDEX petition_signatures_active ON petition_signatures(petition_id, withdrawn_at, id);
CREATE INDEX petition_signatures_by_resident ON petition_signatures(resident_id);

-- A petition being written: kept apart from the FSM data, so leaving the form, another flow
-- or a restart never loses it.
CREATE TABLE petition_drafts (
    resident_id   INTEGER PRIMARY KEY REFERENCES residents(id) ON DELETE CASCADE,
    title         TEXT,
    body          TEXT,
    author_name   TEXT,
    author_email  TEXT,
    updated_at    TEXT NOT NULL
);

-- Deleting a resident (/mydata): petitions never published go with them; published ones
-- stay under the published name, without the e-mail. Signatures go by the cascade above.
CREATE TRIGGER petitions_forget_author BEFORE DELETE ON residents
BEGIN
    DELETE FROM petitions WHERE author_id = OLD.id AND status IN ('moderation', 'refused');
    UPDATE petitions SET author_email = NULL WHERE author_id = OLD.id;
END;
