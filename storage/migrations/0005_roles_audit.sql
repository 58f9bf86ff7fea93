-- Officials' roles and the audit log of their actions.

-- A grant covers the whole community (scope '') or one scope: a ЦНАП place code for an operator,
-- a settlement or topic code for a moderator or an appeals officer. Role names are checked by
-- the application (storage/roles.py), so a new role needs no migration.
-- source 'settings': mirrors ADMINS__TELEGRAM_IDS and is re-synced at every start;
-- source 'bot': made by an administrator in the bot. A resident may hold a grant both ways.
CREATE TABLE role_grants (
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    role         TEXT NOT NULL,
    scope        TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT 'bot' CHECK (source IN ('bot', 'settings')),
    granted_by   INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    granted_at   TEXT NOT NULL,
    PRIMARY KEY (resident_id, role, scope, source)
);

-- Operators granted before roles had their own service keep their places.
INSERT INTO role_grants(resident_id, role, scope, source, granted_by, granted_at)
    SELECT resident_id, role, scope, 'bot', NULL, granted_at FROM staff_roles;
DROP TABLE staff_roles;

-- Who did what, when, to which object. The actor's id becomes NULL when that resident is
-- erased; actor_label ('#17', no personal data) keeps the record readable. AUTOINCREMENT:
-- ids are never reused, so paging by id is stable.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    actor_id     INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    actor_label  TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '{}'
);
-- Erasing a resident looks up their audit rows through this index.
CREATE INDEX audit_log_by_actor ON audit_log(actor_id) WHERE actor_id IS NOT NULL;

-- Append-only: a row is never deleted, and the only change allowed is the actor's id becoming
-- NULL when the actor is erased.
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NEW.actor_id IS NOT NULL
    OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_label IS NOT OLD.actor_label
    OR NEW.action IS NOT OLD.action OR NEW.object_type IS NOT OLD.object_type
    OR NEW.object_id IS NOT OLD.object_id OR NEW.detail IS NOT OLD.detail
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
