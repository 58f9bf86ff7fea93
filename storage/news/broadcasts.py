"""Broadcasts: created from a draft, started when due, expanded into the outbox in batches,
followed through the outbox rows' states, finished or cancelled with their statistics.

Expansion. Recipients are queued in resident-id order, `batch_size` rows a transaction, and
the same transaction records the last resident queued (`expanded_through`). A crash loses at
most the batch under way, which rolled back as a whole, and the next run resumes right after
the last committed one: nobody is skipped, and the dedup key `bc:<broadcast>:<resident>`
makes a second queuing of anyone impossible anyway.

Each row carries the broadcast's topic: where messages cost money (Viber) it goes only to
residents who opted into that topic (storage/costs.py), and the statistics count those
withheld for it and at the month's cap apart from the unreachable.

Each recipient's message is built by the caller (`Render`), in the resident's language; the
outbox rows carry PRIORITY_BROADCAST so reminders and notices overtake them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from storage.audit import Actor, AuditAction, AuditLog, AuditObject
from storage.costs import SKIP_CAPPED, SKIP_NOT_OPTED_IN
from storage.database import Database
from storage.news.model import Broadcast, BroadcastState, Draft, Progress, broadcast_from_row
from storage.outbox import PRIORITY_BROADCAST, Outbox
from storage.payload import Payload
from storage.timeutil import Clock, to_db, utcnow

# (broadcast, resident language) -> the message that resident gets
Render = Callable[[Broadcast, str | None], Payload]
BATCH_SIZE = 500
ARCHIVE_PAGE = 5

# Who gets a broadcast: active, onboarded, not stopped, following the topic (emergencies
# reach everyone), living in or following one of the chosen settlements (or any, when the
# whole community is chosen).
_RECIPIENTS = """
FROM residents r LEFT JOIN news_subscriptions s ON s.resident_id = r.id
WHERE r.active = 1 AND r.onboarded_at IS NOT NULL AND COALESCE(s.stopped, 0) = 0
  AND (:emergency OR (COALESCE(s.topics, :all_topics) & :bit) != 0)
  AND (:everywhere
       OR r.settlement_id IN (SELECT value FROM json_each(:places))
       OR EXISTS (SELECT 1 FROM news_settlements n WHERE n.resident_id = r.id
                  AND n.settlement_id IN (SELECT value FROM json_each(:places))))
"""


def key_range(broadcast_id: int) -> tuple[str, str]:
    """The dedup keys `bc:<id>:*` as an index range (';' follows ':'): the same rows as
    LIKE 'bc:<id>:%', read through the outbox's unique index instead of a scan."""
    return f"bc:{broadcast_id}:", f"bc:{broadcast_id};"


def dedup_key(broadcast_id: int, resident_id: int) -> str:
    return f"bc:{broadcast_id}:{resident_id}"


class BroadcastService:
    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        audit: AuditLog,
        clock: Clock = utcnow,
        *,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._audit = audit
        self._clock = clock
        self.batch_size = batch_size

    def now(self) -> datetime:
        return self._clock()

    # --- reading ------------------------------------------------------------------------

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = await self._db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return broadcast_from_row(row) if row else None

    async def _where(self, state_sql: str, params: tuple[Any, ...] = ()) -> list[Broadcast]:
        rows = await self._db.fetchall(f"SELECT * FROM broadcasts WHERE {state_sql}", params)
        return [broadcast_from_row(r) for r in rows]

    async def scheduled(self) -> list[Broadcast]:
        return await self._where("state = 'scheduled' ORDER BY send_at, id")

    async def running(self) -> list[Broadcast]:
        """Sending, or cancelled with messages still in flight: their progress is followed."""
        return await self._where(
            "finished_at IS NULL AND state IN ('sending', 'cancelled') ORDER BY id"
        )

    async def recent(self, limit: int = 5) -> list[Broadcast]:
        return await self._where(
            "state IN ('done', 'cancelled', 'sending') ORDER BY id DESC LIMIT ?", (limit,)
        )

    @staticmethod
    def _audience(topic_bit: int, emergency: bool, places: tuple[int, ...]) -> dict[str, Any]:
        return {
            "emergency": int(emergency),
            "all_topics": 15,
            "bit": topic_bit,
            "everywhere": int(not places),
            "places": json.dumps(list(places)),
        }

    async def count_recipients(self, draft: Draft) -> int:
        params = self._audience(draft.topic.bit, not draft.topic.optional, draft.settlements)
        return int(await self._db.fetchval(f"SELECT COUNT(*) {_RECIPIENTS}", params))

    async def progress(self, broadcast: Broadcast) -> Progress:
        """Counts from the outbox rows of the broadcast (final figures once it finished)."""
        if broadcast.finished_at is not None:
            return broadcast.final
        low, high = key_range(broadcast.id)
        rows = await self._db.fetchall(
            "SELECT state, skip_code, COUNT(*) AS n FROM outbox "
            "WHERE dedup_key >= ? AND dedup_key < ? GROUP BY state, skip_code",
            (low, high),
        )
        found: dict[str, int] = {}
        codes: dict[str, int] = {}
        for r in rows:
            found[r["state"]] = found.get(r["state"], 0) + int(r["n"])
            if r["state"] == "skipped" and r["skip_code"]:
                codes[r["skip_code"]] = int(r["n"])
        in_outbox = sum(found.values())
        still_expanding = broadcast.state is BroadcastState.SENDING and not broadcast.expanded
        return Progress(
            # While recipients are still being queued, the count made at the start.
            recipients=max(in_outbox, broadcast.recipients) if still_expanding else in_outbox,
            sent=found.get("sent", 0),
            failed=found.get("failed", 0),
            skipped=found.get("skipped", 0),
            not_opted_in=codes.get(SKIP_NOT_OPTED_IN, 0),
            capped=codes.get(SKIP_CAPPED, 0),
        )

    async def archive(
        self, settlement_id: int | None, extra: frozenset[int], page: int
    ) -> tuple[list[Broadcast], int]:
        """Published announcements a resident of `settlement_id` (following `extra` too) may
        read, newest first, one page; and the number of pages."""
        places = json.dumps(sorted({*extra, *([settlement_id] if settlement_id else [])}))
        where = (
            "state IN ('sending', 'done') AND (settlements = '[]' OR EXISTS (SELECT 1 FROM "
            "json_each(broadcasts.settlements) c WHERE c.value IN (SELECT value FROM "
            "json_each(?))))"
        )
        total = int(
            await self._db.fetchval(f"SELECT COUNT(*) FROM broadcasts WHERE {where}", (places,))
        )
        pages = max(1, -(-total // ARCHIVE_PAGE))
        page = min(max(page, 0), pages - 1)
        found = await self._where(
            f"{where} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
            (places, ARCHIVE_PAGE, page * ARCHIVE_PAGE),
        )
        return found, pages

    # --- changing -----------------------------------------------------------------------

    async def create(self, author_id: int, draft: Draft, by: Actor) -> Broadcast:
        """A broadcast from the draft, due at its time (now when none was chosen)."""
        if not draft.text_uk.strip():
            raise ValueError("a broadcast needs a text")
        now = self._clock()
        send_at = draft.send_at or now
        async with self._db.transaction():
            broadcast_id = await self._db.execute(
                "INSERT INTO broadcasts(author_id, topic, text_uk, text_en, photo, settlements, "
                "state, send_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?)",
                (
                    author_id,
                    draft.topic.value,
                    draft.text_uk,
                    draft.text_en or None,
                    json.dumps(draft.photo),
                    json.dumps(list(draft.settlements)),
                    to_db(send_at),
                    to_db(now),
                ),
            )
            obj = AuditObject.of("broadcast", broadcast_id)
            detail = {"topic": draft.topic.value, "settlements": len(draft.settlements)}
            await self._audit.record(by, AuditAction.BROADCAST_CREATE, obj, detail)
            if draft.send_at is not None:
                at = {"send_at": to_db(send_at)}
                await self._audit.record(by, AuditAction.BROADCAST_SCHEDULE, obj, at)
        created = await self.get(broadcast_id)
        assert created is not None
        return created

    async def start_due(self, by: Actor) -> list[Broadcast]:
        """Move broadcasts whose time has come to 'sending' (their expansion follows)."""
        due = await self._where(
            "state = 'scheduled' AND send_at <= ? ORDER BY send_at, id", (to_db(self._clock()),)
        )
        started = []
        for broadcast in due:
            if await self._start(broadcast, by):
                started.append(broadcast.id)
        return [b for b in [await self.get(i) for i in started] if b is not None]

    async def start(self, broadcast: Broadcast, by: Actor) -> Broadcast:
        """Start one broadcast now (its author confirmed «send now»)."""
        await self._start(broadcast, by)
        return await self.get(broadcast.id) or broadcast

    async def _start(self, broadcast: Broadcast, by: Actor) -> bool:
        draft = Draft(topic=broadcast.topic, settlements=broadcast.settlements)
        async with self._db.transaction():
            recipients = await self.count_recipients(draft)
            changed = await self._db.execute(
                "UPDATE broadcasts SET state = 'sending', started_at = ?, recipients = ? "
                "WHERE id = ? AND state = 'scheduled'",
                (to_db(self._clock()), recipients, broadcast.id),
            )
            if changed:
                await self._audit.record(
                    by,
                    AuditAction.BROADCAST_SEND,
                    AuditObject.of("broadcast", broadcast.id),
                    {"recipients": recipients},
                )
        return changed > 0

    async def expand(
        self, broadcast: Broadcast, render: Render, *, max_batches: int | None = None
    ) -> int:
        """Queue the rest of the broadcast's recipients, a batch a transaction; returns how
        many were queued. Stops early when it is cancelled."""
        queued = 0
        batches = 0
        current: Broadcast | None = broadcast
        while current is not None and current.state is BroadcastState.SENDING:
            if current.expanded or (max_batches is not None and batches >= max_batches):
                break
            queued += await self._expand_batch(current, render)
            batches += 1
            await asyncio.sleep(0)  # replies and the sender get their turn between batches
            current = await self.get(current.id)
        return queued

    async def _expand_batch(self, broadcast: Broadcast, render: Render) -> int:
        params = self._audience(
            broadcast.topic.bit, not broadcast.topic.optional, broadcast.settlements
        )
        payloads: dict[str | None, Payload] = {}
        async with self._db.transaction():
            state = await self._db.fetchone(
                "SELECT state, expanded_through FROM broadcasts WHERE id = ?", (broadcast.id,)
            )
            if state is None or state["state"] != BroadcastState.SENDING:
                return 0  # cancelled meanwhile
            after = int(state["expanded_through"])
            rows = await self._db.fetchall(
                f"SELECT r.id, r.language {_RECIPIENTS} AND r.id > :after "
                "ORDER BY r.id LIMIT :limit",
                {**params, "after": after, "limit": self.batch_size},
            )
            for row in rows:
                if row["language"] not in payloads:
                    payloads[row["language"]] = render(broadcast, row["language"])
            # One statement for the batch: the transaction, which every reply's statement
            # waits for, lasts a few milliseconds instead of a round trip per recipient.
            queued = await self._outbox.enqueue_many(
                [
                    (row["id"], payloads[row["language"]], dedup_key(broadcast.id, row["id"]))
                    for row in rows
                ],
                priority=PRIORITY_BROADCAST,
                topic=broadcast.topic.value,
            )
            last = int(rows[-1]["id"]) if rows else after
            await self._db.execute(
                "UPDATE broadcasts SET expanded_through = ?, queued = queued + ?, expanded = ? "
                "WHERE id = ?",
                (last, queued, int(len(rows) < self.batch_size), broadcast.id),
            )
        return queued

    async def cancel(self, broadcast_id: int, by: Actor) -> Broadcast | None:
        """Cancel a scheduled broadcast, or stop one midway: the messages not yet sent are
        taken out of the outbox. None when it was no longer running."""
        low, high = key_range(broadcast_id)
        async with self._db.transaction():
            current = await self.get(broadcast_id)
            if current is None or current.state not in (
                BroadcastState.SCHEDULED,
                BroadcastState.SENDING,
            ):
                return None
            # The one write to the outbox outside its own module: rows still waiting.
            withdrawn = await self._db.execute(
                "DELETE FROM outbox WHERE dedup_key >= ? AND dedup_key < ? AND state = 'pending'",
                (low, high),
            )
            never_started = current.state is BroadcastState.SCHEDULED
            await self._db.execute(
                "UPDATE broadcasts SET state = 'cancelled', withdrawn = ?, "
                "finished_at = CASE WHEN ? THEN ? ELSE NULL END WHERE id = ?",
                (withdrawn, int(never_started), to_db(self._clock()), broadcast_id),
            )
            await self._audit.record(
                by,
                AuditAction.BROADCAST_CANCEL,
                AuditObject.of("broadcast", broadcast_id),
                {"withdrawn": withdrawn, "started": not never_started},
            )
        return await self.get(broadcast_id)

    async def finish_if_settled(self, broadcast: Broadcast) -> Broadcast | None:
        """Record the final statistics once nothing of it is waiting or in flight."""
        if broadcast.finished_at is not None:
            return None
        if broadcast.state is BroadcastState.SENDING and not broadcast.expanded:
            return None
        progress = await self.progress(broadcast)
        if progress.left:  # rows still pending or in flight: the same scan tells
            return None
        final = "done" if broadcast.state is BroadcastState.SENDING else broadcast.state.value
        await self._db.execute(
            "UPDATE broadcasts SET state = ?, finished_at = ?, sent = ?, failed = ?, "
            "skipped = ?, not_opted_in = ?, capped = ?, queued = ? "
            "WHERE id = ? AND finished_at IS NULL",
            (
                final,
                to_db(self._clock()),
                progress.sent,
                progress.failed,
                progress.skipped,
                progress.not_opted_in,
                progress.capped,
                progress.sent + progress.failed + progress.skipped,
                broadcast.id,
            ),
        )
        return await self.get(broadcast.id)

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE broadcasts SET progress_message = ? WHERE id = ?", (message_id, broadcast_id)
        )

    async def note_progress_shown(self, broadcast_id: int, shown: str) -> bool:
        """Remember what the progress card says; False when it said that already."""
        changed = await self._db.execute(
            "UPDATE broadcasts SET progress_shown = ? WHERE id = ? AND progress_shown IS NOT ?",
            (shown, broadcast_id, shown),
        )
        return changed > 0
