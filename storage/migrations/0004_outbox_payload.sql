-- The outbox keeps a channel-neutral payload (storage/payload.py) instead of Telegram's text,
-- markup and parse mode, so every channel renders the same queued message its own way.
-- Rows already queued keep their text and callback buttons.
CREATE TABLE outbox_new (
    id               INTEGER PRIMARY KEY,
    resident_id      INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    payload          TEXT NOT NULL,
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

INSERT INTO outbox_new(id, resident_id, payload, dedup_key, priority, state, attempts,
                       next_attempt_at, last_error, created_at, sent_at, sent_message_id)
SELECT o.id, o.resident_id,
       CASE WHEN json_extract(o.reply_markup, '$.inline_keyboard') IS NULL
            THEN json_object('text', o.text)
            ELSE json_object('text', o.text, 'buttons', (
                SELECT json_group_array(json((
                    SELECT json_group_array(json_object(
                        'text', json_extract(b.value, '$.text'),
                        'data', json_extract(b.value, '$.callback_data')))
                    FROM json_each(r.value) AS b)))
                FROM json_each(o.reply_markup, '$.inline_keyboard') AS r))
       END,
       o.dedup_key, o.priority, o.state, o.attempts, o.next_attempt_at, o.last_error,
       o.created_at, o.sent_at, o.sent_message_id
FROM outbox AS o;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_queue ON outbox(state, priority, id);
CREATE INDEX outbox_by_resident ON outbox(resident_id);
