-- Booking limits follow the person, not the resident record: one row per booking with a keyed
-- hash of the phone it was booked with (never the number itself), when it was confirmed and,
-- for a missed visit, when. The row outlives the booking and the resident (its booking_id is
-- then NULL), so deleting one's data resets neither the monthly limit nor the no-show block.
-- Rows only counted for the monthly limit are purged after two months.
CREATE TABLE cnap_person_marks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id   INTEGER UNIQUE REFERENCES cnap_bookings(id) ON DELETE SET NULL,
    person       TEXT NOT NULL,
    -- NULL for the booking a move created: the one it replaced already counted.
    booked_at    TEXT,
    no_show_at   TEXT
);
CREATE INDEX cnap_person_marks_by_person ON cnap_person_marks(person);

-- Keys of this installation (the one for the person hash), made on first use.
CREATE TABLE install_keys (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Which reply keyboard the resident's chat shows now ('menu', 'contact'; NULL: none or not
-- known), so the «🏠 Menu» keyboard and its hint are sent only when it is not already there.
ALTER TABLE residents ADD COLUMN reply_keyboard TEXT;
