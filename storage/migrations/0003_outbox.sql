-- Everything the bot sends on its own (reminders, notifications, news, broadcasts) waits here
-- until the outbox sender delivers it; replies to a resident's own message never come here.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    resident_id      INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    text             TEXT NOT NULL,
    reply_markup     TEXT,
    parse_mode       TEXT,
    -- The same reminder or broadcast item is never enqueued twice; NULLs never collide.
    dedup_key        TEXT UNIQUE,
    priority         INTEGER NOT NULL DEFAULT 5,
    state            TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    sent_at          TEXT,
    sent_message_id  INTEGER
);
-- Serves the sender's queue (state = 'pending' ORDER BY priority, id) and counts by state.
CREATE INDEX outbox_queue ON outbox(state, priority, id);
CREATE INDEX outbox_by_resident ON outbox(resident_id);
