-- Each pending message carries the channel picked for it (outbox.channel, NULL: not picked
-- yet). Claims read one channel's range of an index, so they cost the same with 10 or
-- 100,000 waiting. A change to a resident's links drops the pick and the sender picks again.

-- Until now a pending row's channel was only set after a failed send: pick again.
UPDATE outbox SET channel = NULL WHERE state = 'pending';

-- Each channel's queue, and the messages not picked yet (channel IS NULL), in order.
CREATE INDEX outbox_by_channel ON outbox(channel, priority, id) WHERE state = 'pending';

DROP TRIGGER resident_reachable_after_link;
DROP TRIGGER resident_reachable_after_change;
DROP TRIGGER resident_reachable_after_unlink;

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
