"""The outbox: every message the bot sends on its own, kept until it is delivered.

A row moves pending -> sending -> sent, or on to failed / skipped; a retry puts it back to
pending with a later `next_attempt_at`. A row is 'sending' only while the sender holds it for
its one Bot API call, so after a crash `recover_after_restart` re-queues exactly the rows
that may or may not have reached Telegram (there is no idempotency key; see bot/sender.py).
`attempts` counts the calls made, a 429 excepted. Only one sender may work on a database
file at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from storage.database import Database, Row
from storage.payload import Payload
from storage.timeutil import Clock, to_db, utcnow

PRIORITY_REMINDER = 1
PRIORITY_NOTIFICATION = 2
PRIORITY_DEFAULT = 5
PRIORITY_BROADCAST = 8

_ERROR_LIMIT = 500
_INTERRUPTED = "interrupted by a restart during the send; it may have been delivered"


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A pending row with what is needed to send it."""

    id: int
    resident_id: int
    payload: Payload
    priority: int
    attempts: int
    chat_id: str | None  # None: the resident has no chat on the channel
    resident_active: bool


def _message(row: Row) -> OutboxMessage:
    return OutboxMessage(
        id=row["id"],
        resident_id=row["resident_id"],
        payload=Payload.from_json(row["payload"]),
        priority=row["priority"],
        attempts=row["attempts"],
        chat_id=row["chat_id"],
        resident_active=bool(row["active"]),
    )


def _not_before(moment: datetime) -> str:
    """Stored times have whole seconds: round up so a due time is never early."""
    if moment.microsecond:
        moment += timedelta(seconds=1)
    return to_db(moment)


def _short(error: str) -> str:
    return error[:_ERROR_LIMIT]


class Outbox:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener` after each enqueue (the sender wakes up instead of polling)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def enqueue(
        self,
        resident_id: int,
        payload: Payload,
        *,
        dedup_key: str | None = None,
        priority: int = PRIORITY_DEFAULT,
    ) -> int | None:
        """Queue `payload` (already in the resident's language) for the resident.

        Returns the new row id, or None when `dedup_key` is already queued. Works inside a
        caller's `db.transaction()`, so the caller's own change and the row commit together.
        """
        now = to_db(self._clock())
        row = await self._db.fetchone(
            "INSERT INTO outbox(resident_id, payload, dedup_key, priority, next_attempt_at, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(dedup_key) DO NOTHING RETURNING id",
            (resident_id, payload.to_json(), dedup_key, priority, now, now),
        )
        if row is None:
            return None
        for listener in self._listeners:
            listener()
        return int(row["id"])

    async def claim_batch(
        self,
        limit: int,
        *,
        channel: str = "telegram",
        exclude_residents: Collection[int] = (),
    ) -> list[OutboxMessage]:
        """Due pending rows, lower priority first, then oldest first. Claiming changes no
        state: the sender marks each row 'sending' only right before its own call."""
        excluded = list(exclude_residents)
        marks = ", ".join("?" * len(excluded))
        rows = await self._db.fetchall(
            "SELECT o.id, o.resident_id, o.payload, o.priority, "
            "o.attempts, r.active, "
            "(SELECT c.chat_id FROM resident_channels c WHERE c.resident_id = o.resident_id "
            " AND c.channel = ? ORDER BY c.created_at DESC LIMIT 1) AS chat_id "
            "FROM outbox o JOIN residents r ON r.id = o.resident_id "
            "WHERE o.state = 'pending' AND o.next_attempt_at <= ? "
            f"AND o.resident_id NOT IN ({marks}) "
            "ORDER BY o.priority, o.id LIMIT ?",
            (channel, to_db(self._clock()), *excluded, limit),
        )
        return [_message(row) for row in rows]

    async def mark_sending(self, message_id: int) -> bool:
        """False when the row is no longer pending (for instance, its resident was erased)."""
        changed = await self._db.execute(
            "UPDATE outbox SET state = 'sending' WHERE id = ? AND state = 'pending'",
            (message_id,),
        )
        return changed == 1

    async def release(self, message_id: int) -> None:
        """Back to pending without an attempt: the sender stopped before the call."""
        await self._db.execute(
            "UPDATE outbox SET state = 'pending' WHERE id = ? AND state = 'sending'",
            (message_id,),
        )

    async def mark_sent(self, message_id: int, sent_message_id: int) -> None:
        await self._db.execute(
            "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, "
            "sent_message_id = ?, last_error = NULL WHERE id = ? AND state = 'sending'",
            (to_db(self._clock()), sent_message_id, message_id),
        )

    async def mark_retry(
        self, message_id: int, error: str, delay: float, *, count_attempt: bool = True
    ) -> None:
        """Pending again, due `delay` seconds from now; a 429 does not count as an attempt."""
        due = _not_before(self._clock() + timedelta(seconds=delay))
        await self._db.execute(
            "UPDATE outbox SET state = 'pending', attempts = attempts + ?, "
            "next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'sending'",
            (int(count_attempt), due, _short(error), message_id),
        )

    async def mark_failed(self, message_id: int, error: str) -> None:
        await self._db.execute(
            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? "
            "WHERE id = ? AND state = 'sending'",
            (_short(error), message_id),
        )

    async def mark_skipped(self, message_ids: Iterable[int], reason: str) -> None:
        """Never sent, by decision (the resident blocked the bot or cannot be reached)."""
        ids = list(message_ids)
        if not ids:
            return
        marks = ", ".join("?" * len(ids))
        await self._db.execute(
            f"UPDATE outbox SET state = 'skipped', last_error = ? WHERE id IN ({marks}) "
            "AND state IN ('pending', 'sending')",
            (_short(reason), *ids),
        )

    async def recover_after_restart(self) -> int:
        """Re-queue rows left 'sending' by a process that died during the call.

        Whether Telegram got such a message is unknown; sending it again may duplicate it,
        dropping it may lose it, and a duplicate reminder is the smaller harm. The attempt
        is counted. Returns how many rows were re-queued."""
        return await self._db.execute(
            "UPDATE outbox SET state = 'pending', attempts = attempts + 1, last_error = ?, "
            "next_attempt_at = ? WHERE state = 'sending'",
            (_INTERRUPTED, to_db(self._clock())),
        )

    async def counts(self) -> dict[OutboxState, int]:
        """How many rows are in each state, for monitoring."""
        rows = await self._db.fetchall("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
        found = {row["state"]: int(row["n"]) for row in rows}
        return {state: found.get(state.value, 0) for state in OutboxState}
