-- Paid messages (issue 10). Viber charges for a message the bot sends on its own outside a
-- 24-hour session the resident opened. Reminders and announcements go there only on the
-- topics a resident opted into, paid ones are counted per month against the community's
-- cap, and every message withheld says why. Photos for Viber (issues 9 and 11) are served at
-- signed URLs from a size-limited cache.

-- What kind of message a row is, for the opt-in: 'cnap' (ЦНАП reminders and rating
-- requests) or an announcement topic ('news', 'outages', 'events', 'emergency'). NULL: a
-- notice about the resident's own affairs (a closed day, an appeal's answer), always sent.
ALTER TABLE outbox ADD COLUMN topic TEXT;
-- Why a skipped row was skipped: 'unreachable', 'not-opted-in' or 'monthly-cap'.
ALTER TABLE outbox ADD COLUMN skip_code TEXT;

-- A resident's choice per topic; no row: the default (emergencies on, the rest off).
CREATE TABLE paid_optins (
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    topic        TEXT NOT NULL,
    allowed      INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    changed_at   TEXT NOT NULL,
    PRIMARY KEY (resident_id, topic)
);

-- The friendly question is asked once per resident and kind ('cnap', 'news').
CREATE TABLE paid_questions (
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    question     TEXT NOT NULL,
    asked_at     TEXT NOT NULL,
    PRIMARY KEY (resident_id, question)
);

-- Paid messages per channel and calendar month (UTC): sent, and withheld at the cap.
CREATE TABLE paid_usage (
    channel  TEXT NOT NULL,
    month    TEXT NOT NULL,
    sent     INTEGER NOT NULL DEFAULT 0,
    capped   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, month)
);
INSERT INTO paid_usage(channel, month, sent) SELECT 'viber', month, sent FROM viber_usage;
DROP TABLE viber_usage;

-- What one outbox message cost, recorded once: a crash and a second try of the same row
-- neither counts it twice nor lets it past the cap it was stopped at.
CREATE TABLE paid_charges (
    outbox_id  INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    month      TEXT NOT NULL,
    messages   INTEGER NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('charged', 'capped'))
);

-- The chats of paid channels with the resident's last own message (the free session runs
-- 24 hours from it). A channel without rows here is free.
-- Matched on (channel, external_id), so a lookup uses viber_users' index on viber_id.
CREATE VIEW paid_chat_sessions AS
SELECT 'viber' AS channel, viber_id AS external_id, last_message_at FROM viber_users;

-- A broadcast's final figures: recipients withheld because they had not opted into paid
-- messages on the topic, and because the month's cap was reached.
ALTER TABLE broadcasts ADD COLUMN not_opted_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN capped INTEGER NOT NULL DEFAULT 0;

-- Photos fetched from one messenger to be shown on another: the signed URL names the key;
-- the bytes live in a cache folder and are fetched again when the cache let them go. A photo
-- no link was made for in MEDIA__LINK_DAYS (and a day) is forgotten, bytes and all.
CREATE TABLE media_files (
    key         TEXT PRIMARY KEY,
    channel     TEXT NOT NULL,
    file_id     TEXT NOT NULL,
    size        INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    -- The day a link to it was last made.
    used_at     TEXT NOT NULL,
    UNIQUE (channel, file_id)
);
CREATE INDEX media_files_by_use ON media_files(used_at);
