-- Resident numbers are never reused, and no name or phone is kept without consent.

-- Administrators address residents by number (/grant 17, /lift_block 17) and the audit log
-- keeps '#17' after that resident erased their data: a new resident must never get 17 again.
-- SQLite gives a new row the highest id still present plus one, so deleting the newest
-- resident freed their number. The highest number ever issued is kept here instead (a table
-- rebuild for AUTOINCREMENT would drop and recreate the table every other table refers to).
CREATE TABLE resident_number_high (
    only  INTEGER PRIMARY KEY CHECK (only = 1),
    high  INTEGER NOT NULL
);
INSERT INTO resident_number_high(only, high) VALUES (1, MAX(
    (SELECT COALESCE(MAX(id), 0) FROM residents),
    (SELECT COALESCE(MAX(actor_id), 0) FROM audit_log),
    (SELECT COALESCE(MAX(CAST(substr(actor_label, 2) AS INTEGER)), 0) FROM audit_log
      WHERE actor_label GLOB '#[0-9]*'),
    (SELECT COALESCE(MAX(CAST(object_id AS INTEGER)), 0) FROM audit_log
      WHERE object_type = 'resident' AND object_id GLOB '[0-9]*')
));

CREATE TRIGGER residents_number_never_reused AFTER INSERT ON residents
BEGIN
    SELECT RAISE(ABORT, 'a resident number is never reused')
     WHERE NEW.id <= (SELECT high FROM resident_number_high);
    UPDATE resident_number_high SET high = NEW.id;
END;

-- Names and phones kept without consent (withdrawn mid-form before this release) are erased.
UPDATE cnap_bookings SET full_name = NULL, phone = NULL
 WHERE (full_name IS NOT NULL OR phone IS NOT NULL)
   AND resident_id IN (SELECT id FROM residents WHERE consent IS NOT 'given');
UPDATE residents SET full_name = NULL, phone = NULL
 WHERE consent IS NOT 'given' AND (full_name IS NOT NULL OR phone IS NOT NULL);

-- The last guard: the services check consent first, so these never fire in normal use.
CREATE TRIGGER residents_contact_needs_consent BEFORE UPDATE OF full_name, phone, consent
ON residents
WHEN NEW.consent IS NOT 'given' AND (NEW.full_name IS NOT NULL OR NEW.phone IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a name or phone needs the resident''s consent');
END;

CREATE TRIGGER bookings_contact_needs_consent BEFORE INSERT ON cnap_bookings
WHEN (NEW.full_name IS NOT NULL OR NEW.phone IS NOT NULL)
 AND (SELECT consent FROM residents WHERE id = NEW.resident_id) IS NOT 'given'
BEGIN
    SELECT RAISE(ABORT, 'a name or phone needs the resident''s consent');
END;

CREATE TRIGGER bookings_contact_update_needs_consent BEFORE UPDATE OF full_name, phone
ON cnap_bookings
WHEN (NEW.full_name IS NOT NULL OR NEW.phone IS NOT NULL)
 AND (SELECT consent FROM residents WHERE id = NEW.resident_id) IS NOT 'given'
BEGIN
    SELECT RAISE(ABORT, 'a name or phone needs the resident''s consent');
END;
