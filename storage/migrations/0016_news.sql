-- Officials' announcements (issue 9): residents' subscriptions, the broadcaster's draft, and
-- broadcasts with the progress of their expansion into the outbox.

-- A resident without a row has the defaults: every topic, their own settlement, not stopped.
CREATE TABLE news_subscriptions (
    resident_id  INTEGER PRIMARY KEY REFERENCES residents(id) ON DELETE CASCADE,
    -- Bits of storage.news.model.Topic; emergencies are sent whatever this says.
    topics       INTEGER NOT NULL DEFAULT 15,
    -- /stop: nothing of the bot's own announcements until /start.
    stopped      INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT NOT NULL
);

-- Settlements a resident follows besides their own.
CREATE TABLE news_settlements (
    resident_id    INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    settlement_id  INTEGER NOT NULL REFERENCES settlements(id) ON DELETE CASCADE,
    PRIMARY KEY (resident_id, settlement_id)
);
CREATE INDEX news_settlements_by_settlement ON news_settlements(settlement_id);

-- The broadcaster's composer: one draft each, kept across restarts.
CREATE TABLE broadcast_drafts (
    resident_id  INTEGER PRIMARY KEY REFERENCES residents(id) ON DELETE CASCADE,
    data         TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE broadcasts (
    id                INTEGER PRIMARY KEY,
    author_id         INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    topic             TEXT NOT NULL,
    text_uk           TEXT NOT NULL,
    text_en           TEXT,
    -- JSON: the photo's file id per channel, {} without a photo.
    photo             TEXT NOT NULL DEFAULT '{}',
    -- JSON list of settlement ids; [] is the whole community.
    settlements       TEXT NOT NULL DEFAULT '[]',
    state             TEXT NOT NULL
                      CHECK (state IN ('scheduled', 'sending', 'done', 'cancelled')),
    send_at           TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    started_at        TEXT,
    finished_at       TEXT,
    -- Expansion progress: residents are queued in id order, this is the last one queued;
    -- a restart resumes after it. expanded = 1 once every recipient is queued.
    expanded_through  INTEGER NOT NULL DEFAULT 0,
    expanded          INTEGER NOT NULL DEFAULT 0,
    -- Recipients counted when it started (the expansion's goal), then those really queued.
    recipients        INTEGER NOT NULL DEFAULT 0,
    queued            INTEGER NOT NULL DEFAULT 0,
    -- Final statistics, kept when the outbox rows are long gone.
    sent              INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    skipped           INTEGER NOT NULL DEFAULT 0,
    withdrawn         INTEGER NOT NULL DEFAULT 0,
    -- The progress card in the author's chat (a message id of the author's messenger).
    progress_message  INTEGER,
    progress_shown    TEXT
);
CREATE INDEX broadcasts_by_state ON broadcasts(state, send_at);
