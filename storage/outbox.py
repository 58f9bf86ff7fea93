"""The outbox: every message the bot sends on its own, kept until it is delivered.

A row moves pending -> sending -> sent, or on to failed / skipped; a retry puts it back to
pending with a later `next_attempt_at`. A row is 'sending' only while the sender holds it for
its one call to a messenger, so after a crash `recover_after_restart` re-queues exactly the
rows that may or may not have been delivered (there is no idempotency key; see
bot/sender.py). `attempts` counts the calls that count: a rate limit, a blocked channel and
an outage of the messenger do not. Only one sender may work on a database file at a time.

Each message goes out on one channel: the first, in the sender's order of preference, on
which the resident is active (`resident_channels.active`). `route_pending` picks it into
`channel`, in small batches; each channel's queue is then an index range, so claiming costs
the same with ten messages waiting or a hundred thousand. A change to a resident's chats
(blocked, back, linked) drops the pick of their pending messages (triggers of migration
0008), and a message whose resident is reachable on none of the bot's channels is skipped.

A channel that charges for the bot's own messages (Viber; storage/costs.py) gets only what the
resident opted into: a message with a topic they did not choose, picked for such a channel
while they have no open session there, is skipped at once with `skip_code` 'not-opted-in'
(the transport checks again at the send and counts what it sends against the month's cap).

Retention (`purge_finished`) deletes finished rows older than the horizon; a row with a
dedup key stays as a tombstone without its payload, so the key keeps refusing a repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from storage.costs import SKIP_NOT_OPTED_IN, SKIP_UNREACHABLE, PaidMessages
from storage.database import Database, Row
from storage.payload import Payload
from storage.timeutil import Clock, to_db, utcnow

PRIORITY_REMINDER = 1
PRIORITY_NOTIFICATION = 2
PRIORITY_DEFAULT = 5
PRIORITY_BROADCAST = 8

# The payload of a finished row past retention that must keep its dedup key. The literal is
# also in the partial index outbox_expiring (migration 0008), so the queries spell it out.
ERASED_PAYLOAD = "{}"
_ERROR_LIMIT = 500
_INTERRUPTED = "interrupted by a restart during the send; it may have been delivered"
_NOWHERE = "the resident is reachable on no channel (blocked or unsubscribed everywhere)"
_NOT_OPTED_IN = "a paid message on {channel}: the resident did not opt into this topic"
ROUTE_LOOK_AHEAD = 10


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A pending row with what is needed to send it on the channel it was claimed for."""

    id: int
    resident_id: int
    payload: Payload
    priority: int
    attempts: int
    channel: str
    chat_id: str


@dataclass(frozen=True, slots=True)
class Routed:
    picked: int  # messages that got a channel
    skipped: int  # messages whose resident is reachable on none of the bot's channels
    withheld: int = 0  # paid messages on a topic the resident did not opt into


@dataclass(frozen=True, slots=True)
class Purged:
    deleted: int  # rows gone
    erased: int  # rows kept for their dedup key, payload and error dropped


def _not_before(moment: datetime) -> str:
    """Stored times have whole seconds: round up so a due time is never early."""
    if moment.microsecond:
        moment += timedelta(seconds=1)
    return to_db(moment)


def _short(error: str) -> str:
    return error[:_ERROR_LIMIT]


def _marks(values: Collection[object]) -> str:
    return ", ".join("?" * len(values))


def _unreachable_reason(elsewhere: str | None) -> str:
    if not elsewhere:
        return _NOWHERE
    return f"the resident is reachable only on {elsewhere}, which this bot does not run"


class Outbox:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock
        self._paid = PaidMessages(db, clock)
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
        topic: str | None = None,
    ) -> int | None:
        """Queue `payload` (already in the resident's language) for the resident. `topic`
        (storage.costs.PaidTopic) makes it a message the resident opts into where the bot's
        own messages cost money; None is a notice about their own affairs.

        Returns the new row id, or None when `dedup_key` is already queued. Works inside a
        caller's `db.transaction()`, so the caller's own change and the row commit together.
        """
        now = to_db(self._clock())
        row = await self._db.fetchone(
            "INSERT INTO outbox(resident_id, payload, dedup_key, priority, next_attempt_at, "
            "created_at, topic) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(dedup_key) DO NOTHING RETURNING id",
            (resident_id, payload.to_json(), dedup_key, priority, now, now, topic),
        )
        if row is None:
            return None
        for listener in self._listeners:
            listener()
        return int(row["id"])

    async def enqueue_many(
        self,
        messages: Sequence[tuple[int, Payload, str]],
        *,
        priority: int = PRIORITY_DEFAULT,
        topic: str | None = None,
    ) -> int:
        """Queue many messages, each (resident, payload, dedup key), in one statement: a
        message whose dedup key is already queued is left out. Returns how many were queued.
        `topic` as in `enqueue`. Works inside a caller's `db.transaction()`, like `enqueue`."""
        now = to_db(self._clock())
        texts: dict[int, str] = {}  # a payload shared by many rows is serialised once
        rows = []
        for resident_id, payload, key in messages:
            if id(payload) not in texts:
                texts[id(payload)] = payload.to_json()
            rows.append((resident_id, texts[id(payload)], key, priority, now, now, topic))
        queued = await self._db.executemany(
            "INSERT INTO outbox(resident_id, payload, dedup_key, priority, next_attempt_at, "
            "created_at, topic) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING",
            rows,
        )
        if queued:
            for listener in self._listeners:
                listener()
        return queued

    async def reset_routes(self) -> int:
        """Forget the channel picked for every pending message (at the sender's start: the
        channels it runs, or their order, may have changed). Returns how many."""
        return await self._db.execute(
            "UPDATE outbox SET channel = NULL WHERE state = 'pending' AND channel IS NOT NULL"
        )

    async def route_pending(self, channels: Sequence[str], limit: int = 500) -> Routed:
        """Pick a channel for up to `limit` pending messages that have none, in queue order:
        the first of `channels` (the ones the sender runs, preferred first) on which the
        resident is active. A message whose resident is active on none of them is skipped,
        saying where they could be reached, if anywhere; so is a paid one they did not opt
        into (see the module's docstring). Skipped rows do not count against `limit`: a
        broadcast most Viber residents did not choose still fills the queues, `limit` rows
        a transaction, at most ROUTE_LOOK_AHEAD of them (the last may pick a few more)."""
        total = Routed(0, 0, 0)
        for _ in range(ROUTE_LOOK_AHEAD):
            routed, seen = await self._route_batch(channels, limit)
            total = Routed(
                total.picked + routed.picked,
                total.skipped + routed.skipped,
                total.withheld + routed.withheld,
            )
            if seen < limit or total.picked >= limit:
                break
        return total

    async def _route_batch(self, channels: Sequence[str], limit: int) -> tuple[Routed, int]:
        """One transaction of route_pending; also returns how many rows it looked at."""
        order = "," + ",".join(channels) + ","
        async with self._db.transaction():
            rows = await self._db.fetchall(
                "SELECT o.id, (SELECT c.channel FROM resident_channels c "
                "  WHERE c.resident_id = o.resident_id AND c.active = 1 "
                "  AND instr(?, ',' || c.channel || ',') > 0 "
                "  ORDER BY instr(?, ',' || c.channel || ',') LIMIT 1) AS best, "
                " (SELECT group_concat(c.channel, ', ') FROM resident_channels c "
                "  WHERE c.resident_id = o.resident_id AND c.active = 1) AS elsewhere "
                "FROM outbox o INDEXED BY outbox_by_channel "
                "WHERE o.state = 'pending' AND o.channel IS NULL "
                "ORDER BY o.priority, o.id LIMIT ?",
                (order, order, limit),
            )
            picked: dict[str, list[int]] = {}
            unreachable: dict[str, list[int]] = {}
            for row in rows:
                if row["best"] is not None:
                    picked.setdefault(row["best"], []).append(row["id"])
                else:
                    reason = _unreachable_reason(row["elsewhere"])
                    unreachable.setdefault(reason, []).append(row["id"])
            withheld = 0
            for channel, ids in picked.items():
                unwanted = await self._paid.not_opted_in(ids, channel)
                if unwanted:
                    reason = _NOT_OPTED_IN.format(channel=channel)
                    await self.mark_skipped(unwanted, reason, code=SKIP_NOT_OPTED_IN)
                    withheld += len(unwanted)
                    ids = sorted(set(ids) - set(unwanted))
                if ids:
                    await self._db.execute(
                        f"UPDATE outbox SET channel = ? WHERE id IN ({_marks(ids)})",
                        (channel, *ids),
                    )
            for reason, ids in unreachable.items():
                await self.mark_skipped(ids, reason, code=SKIP_UNREACHABLE)
        picked_count = sum(map(len, picked.values())) - withheld
        return Routed(picked_count, sum(map(len, unreachable.values())), withheld), len(rows)

    async def claim_batch(
        self, limit: int, *, channel: str, exclude_residents: Collection[int] = ()
    ) -> list[OutboxMessage]:
        """Due pending messages picked for `channel`, lower priority first, then oldest
        first. Claiming changes no state: the sender marks each row 'sending' right before
        its own call."""
        excluded = list(exclude_residents)
        rows = await self._db.fetchall(
            "SELECT o.id, o.resident_id, o.payload, o.priority, o.attempts, "
            "(SELECT c.chat_id FROM resident_channels c WHERE c.resident_id = o.resident_id "
            " AND c.channel = o.channel AND c.active = 1 "
            " ORDER BY c.created_at DESC LIMIT 1) AS chat_id "
            "FROM outbox o INDEXED BY outbox_by_channel "
            "WHERE o.state = 'pending' AND o.channel = ? "
            f"AND o.next_attempt_at <= ? AND o.resident_id NOT IN ({_marks(excluded)}) "
            "ORDER BY o.priority, o.id LIMIT ?",
            (channel, to_db(self._clock()), *excluded, limit),
        )
        lost = [row["id"] for row in rows if row["chat_id"] is None]
        if lost:  # the chat went inactive while its message was out: pick again
            await self._db.execute(
                f"UPDATE outbox SET channel = NULL WHERE id IN ({_marks(lost)}) "
                "AND state = 'pending'",
                lost,
            )
        return [_message(row, channel) for row in rows if row["chat_id"] is not None]

    async def mark_sending(self, message_id: int, channel: str) -> bool:
        """False when the row is no longer pending on `channel` (its resident was erased, or
        their chats changed and its channel is to be picked again)."""
        changed = await self._db.execute(
            "UPDATE outbox SET state = 'sending' WHERE id = ? AND state = 'pending' "
            "AND channel = ?",
            (message_id, channel),
        )
        return changed == 1

    async def release(self, message_id: int) -> None:
        """Back to pending without an attempt: the sender stopped before the call."""
        await self._db.execute(
            "UPDATE outbox SET state = 'pending' WHERE id = ? AND state = 'sending'",
            (message_id,),
        )

    async def mark_sent(self, message_id: int, sent_message_id: str) -> None:
        """`sent_message_id` is the channel's own id (the column keeps numeric ids as numbers)."""
        now = to_db(self._clock())
        await self._db.execute(
            "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, "
            "finished_at = ?, sent_message_id = ?, last_error = NULL "
            "WHERE id = ? AND state = 'sending'",
            (now, now, sent_message_id, message_id),
        )

    async def mark_retry(
        self,
        message_id: int,
        error: str,
        delay: float,
        *,
        count_attempt: bool = True,
        pick_again: bool = False,
    ) -> None:
        """Pending again, due `delay` seconds from now. A rate limit, a blocked channel or a
        messenger outage does not count as an attempt. `pick_again`: its channel is lost
        (the resident blocked the bot there), another may take it."""
        due = _not_before(self._clock() + timedelta(seconds=delay))
        await self._db.execute(
            "UPDATE outbox SET state = 'pending', attempts = attempts + ?, "
            "next_attempt_at = ?, last_error = ?, "
            "channel = CASE WHEN ? THEN NULL ELSE channel END "
            "WHERE id = ? AND state = 'sending'",
            (int(count_attempt), due, _short(error), int(pick_again), message_id),
        )

    async def mark_failed(self, message_id: int, error: str) -> None:
        await self._db.execute(
            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, "
            "finished_at = ? WHERE id = ? AND state = 'sending'",
            (_short(error), to_db(self._clock()), message_id),
        )

    async def mark_skipped(
        self, message_ids: Iterable[int], reason: str, *, code: str | None = None
    ) -> None:
        """Never sent, by decision (the resident cannot be reached, did not opt into a paid
        message, the month's cap); `code` says which, for the statistics."""
        ids = list(message_ids)
        if not ids:
            return
        await self._db.execute(
            "UPDATE outbox SET state = 'skipped', last_error = ?, skip_code = ?, finished_at = ? "
            f"WHERE id IN ({_marks(ids)}) AND state IN ('pending', 'sending')",
            (_short(reason), code, to_db(self._clock()), *ids),
        )

    async def recover_after_restart(self) -> int:
        """Re-queue rows left 'sending' by a process that died during the call.

        Whether the messenger got such a message is unknown; sending it again may duplicate
        it, dropping it may lose it, and a duplicate reminder is the smaller harm. The attempt
        is counted. Returns how many rows were re-queued."""
        return await self._db.execute(
            "UPDATE outbox SET state = 'pending', attempts = attempts + 1, last_error = ?, "
            "next_attempt_at = ? WHERE state = 'sending'",
            (_INTERRUPTED, to_db(self._clock())),
        )

    async def purge_finished(self, older_than: timedelta, *, batch: int = 500) -> Purged:
        """Retention: finished rows older than `older_than` lose what they said. A row with a
        dedup key keeps key, state and times (a reminder is never queued twice); any other
        row is deleted. Works in short batches so replies never wait long for the database."""
        cutoff = to_db(self._clock() - older_than)
        deleted = erased = 0
        while True:
            rows = await self._db.fetchall(
                "SELECT id, dedup_key IS NOT NULL AS keep FROM outbox "
                "WHERE finished_at < ? AND payload <> '{}' LIMIT ?",
                (cutoff, batch),
            )
            drop = [r["id"] for r in rows if not r["keep"]]
            keep = [r["id"] for r in rows if r["keep"]]
            if drop:
                deleted += await self._db.execute(
                    f"DELETE FROM outbox WHERE id IN ({_marks(drop)})", drop
                )
            if keep:
                erased += await self._db.execute(
                    "UPDATE outbox SET payload = ?, last_error = NULL "
                    f"WHERE id IN ({_marks(keep)})",
                    (ERASED_PAYLOAD, *keep),
                )
            if len(rows) < batch:
                return Purged(deleted, erased)

    async def counts(self) -> dict[OutboxState, int]:
        """How many rows are in each state, for monitoring."""
        rows = await self._db.fetchall("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
        found = {row["state"]: int(row["n"]) for row in rows}
        return {state: found.get(state.value, 0) for state in OutboxState}


def _message(row: Row, channel: str) -> OutboxMessage:
    return OutboxMessage(
        id=row["id"],
        resident_id=row["resident_id"],
        payload=replace(Payload.from_json(row["payload"]), outbox_id=row["id"]),
        priority=row["priority"],
        attempts=row["attempts"],
        channel=channel,
        chat_id=str(row["chat_id"]),
    )
