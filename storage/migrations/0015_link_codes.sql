-- One-time codes that join a resident's second messenger (Telegram and Viber) to one record.
CREATE TABLE link_codes (
    code         TEXT PRIMARY KEY,
    resident_id  INTEGER NOT NULL UNIQUE REFERENCES residents(id) ON DELETE CASCADE,
    expires_at   TEXT NOT NULL
);
