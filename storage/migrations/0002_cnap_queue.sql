-- ЦНАП e-queue: bookings, closures, lifted no-show blocks, reminders.
-- Times are UTC ISO strings ('YYYY-MM-DDTHH:MM:SSZ'), so text comparison orders them.

-- One row per booking. A row starts as 'held' (the resident is typing name and phone), becomes
-- 'booked' on confirmation and ends as arrived/served/no_show/cancelled. An expired hold no
-- longer occupies its slot; it may still be confirmed while the slot stays free.
CREATE TABLE cnap_bookings (
    id               INTEGER PRIMARY KEY,
    code             TEXT UNIQUE,
    resident_id      INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    place_code       TEXT NOT NULL,
    service_code     TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN
                         ('held', 'booked', 'arrived', 'served', 'no_show', 'cancelled')),
    hold_expires_at  TEXT,
    full_name        TEXT,
    phone            TEXT,
    cancel_reason    TEXT CHECK (cancel_reason IN ('resident', 'closed', 'moved', 'operator')),
    moved_to         INTEGER REFERENCES cnap_bookings(id) ON DELETE SET NULL,
    booked_at        TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment   TEXT,
    CHECK (ends_at > starts_at),
    CHECK ((status = 'held') = (hold_expires_at IS NOT NULL)),
    CHECK ((status = 'held') = (code IS NULL)),
    CHECK ((status = 'held') = (booked_at IS NULL)),
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL)),
    CHECK (moved_to IS NULL OR cancel_reason = 'moved'),
    CHECK (rating IS NULL OR status = 'served')
);
-- Slot occupancy: bookings of a place around a time.
CREATE INDEX cnap_bookings_by_place_time ON cnap_bookings(place_code, starts_at);
-- A resident's bookings (lists, limits, releasing their hold).
CREATE INDEX cnap_bookings_by_resident ON cnap_bookings(resident_id, starts_at);
-- "Was this booking the result of a move?" when counting monthly bookings.
CREATE INDEX cnap_bookings_moved_to ON cnap_bookings(moved_to) WHERE moved_to IS NOT NULL;

-- A place closed for a while (power outage, training, an unplanned holiday).
CREATE TABLE cnap_closures (
    id          INTEGER PRIMARY KEY,
    place_code  TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_by  INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX cnap_closures_by_place ON cnap_closures(place_code, ends_at);

-- An operator lifted a resident's no-show block: only no-shows for visits after it count.
CREATE TABLE cnap_noshow_lifts (
    resident_id  INTEGER PRIMARY KEY REFERENCES residents(id) ON DELETE CASCADE,
    lifted_at    TEXT NOT NULL,
    lifted_by    INTEGER REFERENCES residents(id) ON DELETE SET NULL
);

CREATE TABLE cnap_reminders (
    id          INTEGER PRIMARY KEY,
    booking_id  INTEGER NOT NULL REFERENCES cnap_bookings(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('day_before', 'hours_before')),
    due_at      TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'enqueued', 'dropped')),
    updated_at  TEXT NOT NULL,
    UNIQUE (booking_id, kind)
);
CREATE INDEX cnap_reminders_due ON cnap_reminders(due_at) WHERE state = 'pending';
