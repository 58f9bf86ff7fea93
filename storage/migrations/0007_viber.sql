-- Viber: user ids are strings; aiogram (User.id, Chat.id, the FSM) needs integers. Each Viber
-- user gets an internal id here once and keeps it. The resident is found through
-- resident_channels ('viber', viber_id) like any other channel.
CREATE TABLE viber_users (
    id               INTEGER PRIMARY KEY,
    viber_id         TEXT NOT NULL UNIQUE,
    name             TEXT,
    language         TEXT,
    created_at       TEXT NOT NULL,
    -- Viber lets a bot write only to subscribed users (a message or a subscribe makes one).
    subscribed       INTEGER NOT NULL DEFAULT 0,
    -- The user's last message: bot messages within 24 hours of it are free of charge.
    last_message_at  TEXT
);

-- What a Viber chat shows: Viber has no inline buttons and no edits, so the bot keeps the
-- keyboard it attached last (the tokens its buttons send back, the reply keyboard with
-- «Меню») and a counter for the message ids aiogram needs. JSON, one row per user.
CREATE TABLE viber_chats (
    user_id  INTEGER PRIMARY KEY REFERENCES viber_users(id) ON DELETE CASCADE,
    state    TEXT NOT NULL
);

-- Bot-initiated messages outside a user's 24-hour session, per calendar month (UTC), so a
-- community can cap what Viber charges for.
CREATE TABLE viber_usage (
    month  TEXT PRIMARY KEY,
    sent   INTEGER NOT NULL DEFAULT 0
);

-- A resident who erases their data leaves only the bare id mapping behind.
CREATE TRIGGER viber_forget_resident AFTER DELETE ON resident_channels
WHEN OLD.channel = 'viber'
BEGIN
    UPDATE viber_users SET name = NULL, language = NULL WHERE viber_id = OLD.external_id;
    DELETE FROM viber_chats
     WHERE user_id = (SELECT id FROM viber_users WHERE viber_id = OLD.external_id);
END;
