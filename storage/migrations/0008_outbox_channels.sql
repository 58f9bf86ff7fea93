-- One outbox for every messenger. A resident may block the bot on Telegram and still be
-- reachable on Viber, so "active" belongs to each channel link; residents.active now means
-- "reachable on some channel" and the triggers below keep it so, whatever code changes a link.
ALTER TABLE resident_channels ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
-- Until now the only channel was Telegram: an inactive resident had blocked it.
UPDATE resident_channels SET active = 0
 WHERE resident_id IN (SELECT id FROM residents WHERE active = 0);

CREATE TRIGGER resident_reachable_after_link AFTER INSERT ON resident_channels
BEGIN
    UPDATE residents SET active = EXISTS (
        SELECT 1 FROM resident_channels c WHERE c.resident_id = NEW.resident_id AND c.active = 1)
     WHERE id = NEW.resident_id;
END;

CREATE TRIGGER resident_reachable_after_change AFTER UPDATE OF active, resident_id
ON resident_channels
BEGIN
    UPDATE residents SET active = EXISTS (
        SELECT 1 FROM resident_channels c WHERE c.resident_id = residents.id AND c.active = 1)
     WHERE id IN (NEW.resident_id, OLD.resident_id);
END;

CREATE TRIGGER resident_reachable_after_unlink AFTER DELETE ON resident_channels
BEGIN
    UPDATE residents SET active = EXISTS (
        SELECT 1 FROM resident_channels c WHERE c.resident_id = OLD.resident_id AND c.active = 1)
     WHERE id = OLD.resident_id;
END;

-- The channel a message was sent on (or picked for, when its send failed).
ALTER TABLE outbox ADD COLUMN channel TEXT;
-- When the row reached sent, failed or skipped: retention counts from here.
ALTER TABLE outbox ADD COLUMN finished_at TEXT;
UPDATE outbox SET finished_at = COALESCE(sent_at, created_at)
 WHERE state IN ('sent', 'failed', 'skipped');
-- Retention deletes old finished rows, or keeps a row with a dedup key as a tombstone whose
-- payload is '{}' (the key must keep refusing a second reminder). Tombstones leave the index.
CREATE INDEX outbox_expiring ON outbox(finished_at) WHERE payload <> '{}';
