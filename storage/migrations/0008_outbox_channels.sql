-- One outbox for every messenger. A resident may block the bot on Telegram and still be
-- reachable on Viber, so "active" belongs to each channel link; residents.active now means
-- "reachable on some channel" and the triggers below keep it so, whatever code changes a link.
-- Each pending message carries the channel picked for it (outbox.channel, NULL: not picked
-- yet); a change to a resident's links drops the pick, and the sender picks again.

-- The channel a message is picked for, then was sent on.
ALTER TABLE outbox ADD COLUMN channel TEXT;
-- Each channel's queue, and the messages not picked yet (channel IS NULL), in order.
CREATE INDEX outbox_by_channel ON outbox(channel, priority, id) WHERE state = 'pending';
-- When the row reached sent, failed or skipped: retention counts from here.
ALTER TABLE outbox ADD COLUMN finished_at TEXT;
UPDATE outbox SET finished_at = COALESCE(sent_at, created_at)
 WHERE state IN ('sent', 'failed', 'skipped');
-- Retention deletes old finished rows, or keeps a row with a dedup key as a tombstone whose
-- payload is '{}' (the key must keep refusing a second reminder). Tombstones leave the index.
CREATE INDEX outbox_expiring ON outbox(finished_at) WHERE payload <> '{}';

ALTER TABLE resident_channels ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
-- Until now the only channel was Telegram: an inactive resident had blocked it.
UPDATE resident_channels SET active = 0
 WHERE resident_id IN (SELECT id FROM residents WHERE active = 0);

CREATE TRIGGER resident_reachable_after_link AFTER INSERT ON resident_channels
BEGIN
    UPDATE residents SET active = EXISTS (
        SELECT 1 FROM resident_channels c WHERE c.resident_id = NEW.resident_id AND c.active = 1)
     WHERE id = NEW.resident_id;
    UPDATE outbox SET channel = NULL WHERE resident_id = NEW.resident_id AND state = 'pending';
END;

CREATE TRIGGER resident_reachable_after_change AFTER UPDATE OF active, resident_id
ON resident_channels
BEGIN
    UPDATE residents SET active = EXISTS (
        SELECT 1 FROM resident_channels c WHERE c.resident_id = residents.id AND c.active = 1)
     WHERE id IN (NEW.resident_id, OLD.resident_id);
    UPDATE outbox SET channel = NULL
     WHERE resident_id IN (NEW.resident_id, OLD.resident_id) AND state = 'pending';
END;

CREATE TRIGGER resident_reachable_after_unlink AFTER DELETE ON resident_channels
BEGIN
    UPDATE residents SET active = EXISTS (
        SELECT 1 FROM resident_channels c WHERE c.resident_id = OLD.resident_id AND c.active = 1)
     WHERE id = OLD.resident_id;
    UPDATE outbox SET channel = NULL WHERE resident_id = OLD.resident_id AND state = 'pending';
END;
