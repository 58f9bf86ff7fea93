CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The community described by the loaded YAML file: one row, the validated document as JSON.
CREATE TABLE community (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    code       TEXT NOT NULL,
    document   TEXT NOT NULL,
    loaded_at  TEXT NOT NULL
);

CREATE TABLE settlements (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_uk     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    district    TEXT,
    position    INTEGER NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE residents (
    id              INTEGER PRIMARY KEY,
    language        TEXT,
    settlement_id   INTEGER REFERENCES settlements(id) ON DELETE SET NULL,
    consent         TEXT CHECK (consent IN ('given', 'declined')),
    consent_at      TEXT,
    full_name       TEXT,
    phone           TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    onboarded_at    TEXT,
    created_at      TEXT NOT NULL
);

-- One resident may reach the bot from several messengers.
CREATE TABLE resident_channels (
    channel      TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    chat_id      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX resident_channels_by_resident ON resident_channels(resident_id);

-- Consent given or withdrawn, kept as evidence (Law on personal data protection, art. 11).
CREATE TABLE consent_log (
    id           INTEGER PRIMARY KEY,
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    action       TEXT NOT NULL CHECK (action IN ('given', 'declined', 'withdrawn')),
    notice       TEXT NOT NULL,
    at           TEXT NOT NULL
);

-- Roles held by officials; administrators from settings need no row here.
CREATE TABLE staff_roles (
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    role         TEXT NOT NULL,
    scope        TEXT NOT NULL DEFAULT '',
    granted_at   TEXT NOT NULL,
    PRIMARY KEY (resident_id, role, scope)
);

-- aiogram FSM: a resident's place in a flow survives restarts.
CREATE TABLE fsm_state (
    key    TEXT PRIMARY KEY,
    state  TEXT,
    data   TEXT NOT NULL DEFAULT '{}'
);
