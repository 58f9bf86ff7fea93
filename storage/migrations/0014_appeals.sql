-- E-appeals (Law «Про звернення громадян») and problem reports («Відкрите місто»).

-- Registration numbers run per calendar year (Kyiv): Зв-2026-0001, Зв-2026-0002, ...
CREATE TABLE appeal_counters (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

CREATE TABLE appeals (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    -- NULL once the resident erased their data: the council keeps a registered appeal, with
    -- the name and address the law requires, unlinked from the chat.
    resident_id      INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('statement', 'complaint', 'proposal')),
    topic            TEXT NOT NULL,
    body             TEXT NOT NULL,
    full_name        TEXT NOT NULL,
    address          TEXT NOT NULL,
    phone            TEXT,
    email            TEXT,
    settlement       TEXT NOT NULL DEFAULT '',
    latitude         REAL,
    longitude        REAL,
    status           TEXT NOT NULL CHECK (status IN ('registered', 'in_work', 'extended', 'answered')),
    received_at      TEXT NOT NULL,
    received_on      TEXT NOT NULL,   -- the local (Kyiv) date, YYYY-MM-DD
    due_on           TEXT NOT NULL,   -- the answer deadline, a local date
    extension_reason TEXT,
    officer_id       INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    answer           TEXT,
    answered_at      TEXT,
    CHECK (phone IS NOT NULL OR email IS NOT NULL)
);
CREATE INDEX appeals_by_resident ON appeals(resident_id);
CREATE INDEX appeals_by_status ON appeals(status, due_on);

CREATE TABLE appeal_photos (
    appeal_id  INTEGER NOT NULL REFERENCES appeals(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    channel    TEXT NOT NULL,
    file_id    TEXT NOT NULL,
    PRIMARY KEY (appeal_id, position)
);

-- An officer's question and the resident's replies, attached to the appeal.
CREATE TABLE appeal_messages (
    id         INTEGER PRIMARY KEY,
    appeal_id  INTEGER NOT NULL REFERENCES appeals(id) ON DELETE CASCADE,
    author     TEXT NOT NULL CHECK (author IN ('officer', 'resident')),
    text       TEXT NOT NULL,
    at         TEXT NOT NULL
);

CREATE TABLE appeal_history (
    id         INTEGER PRIMARY KEY,
    appeal_id  INTEGER NOT NULL REFERENCES appeals(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    at         TEXT NOT NULL,
    due_on     TEXT NOT NULL
);

-- Forms being filled in, one per resident and form: leaving the form, a command or a
-- restart keeps them; erasing the resident erases them.
CREATE TABLE appeal_drafts (
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    form         TEXT NOT NULL CHECK (form IN ('appeal', 'report')),
    data         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (resident_id, form)
);

-- What the resident gave for an appeal, reused next time (held under consent).
CREATE TABLE appeal_contacts (
    resident_id  INTEGER PRIMARY KEY REFERENCES residents(id) ON DELETE CASCADE,
    address      TEXT,
    email        TEXT
);

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    category     TEXT NOT NULL CHECK (category IN
                 ('roads', 'lighting', 'water', 'waste', 'shelters', 'other')),
    description  TEXT NOT NULL,
    latitude     REAL,
    longitude    REAL,
    place_text   TEXT,
    settlement   TEXT NOT NULL DEFAULT '',
    -- NULL for an anonymous report: officials never see who sent it.
    reporter_name  TEXT,
    reporter_phone TEXT,
    status       TEXT NOT NULL CHECK (status IN
                 ('new', 'accepted', 'in_work', 'resolved', 'rejected')),
    comment      TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (latitude IS NOT NULL OR place_text IS NOT NULL)
);
CREATE INDEX reports_by_status ON reports(status, settlement);

CREATE TABLE report_photos (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('problem', 'resolution')),
    channel    TEXT NOT NULL,
    file_id    TEXT NOT NULL
);

-- Who hears about a report's changes: its reporter (anonymous ones too: the chat is not
-- something they typed) and residents who joined it as the same problem.
CREATE TABLE report_followers (
    report_id    INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    reporter     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, resident_id)
);
CREATE INDEX report_followers_by_resident ON report_followers(resident_id);
