"""Reminders of a visit: planned when it is booked (the evening before, hours before), found
when due, taken for sending exactly once, dropped when they no longer make sense."""

from __future__ import annotations

from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from storage.database import Database, Row
from storage.queue.config import CnapSettings
from storage.queue.models import DueReminder, ReminderKind
from storage.queue.rows import booking_from_row, from_db
from storage.queue.schedule import KYIV, reminder_due_times
from storage.timeutil import to_db


class Reminders:
    def __init__(self, db: Database, zone: ZoneInfo = KYIV) -> None:
        self._db = db
        self._zone = zone

    async def plan(
        self, booking_id: int, starts_at: datetime, settings: CnapSettings, now: datetime
    ) -> None:
        """The reminders of a new booking; those whose time has already passed are skipped."""
        for kind, due_at in reminder_due_times(starts_at, settings, self._zone):
            if due_at > now:
                await self._db.execute(
                    "INSERT INTO cnap_reminders(booking_id, kind, due_at, state, updated_at) "
                    "VALUES (?, ?, ?, 'pending', ?)",
                    (booking_id, kind, to_db(due_at), to_db(now)),
                )

    async def due(self, now: datetime, limit: int = 200) -> list[DueReminder]:
        """Pending reminders due by `now`, oldest first. Send one only after `take` returned
        True for it."""
        rows = await self._db.fetchall(
            "SELECT r.id AS reminder_id, r.kind, r.due_at, b.* FROM cnap_reminders r "
            "JOIN cnap_bookings b ON b.id = r.booking_id "
            "WHERE r.state = 'pending' AND r.due_at <= ? ORDER BY r.due_at, r.id LIMIT ?",
            (to_db(now), limit),
        )
        return [
            DueReminder(
                id=r["reminder_id"],
                kind=cast(ReminderKind, r["kind"]),
                due_at=from_db(r["due_at"]),
                booking=booking_from_row(r),
            )
            for r in rows
        ]

    async def take(self, reminder_id: int, now: datetime) -> bool:
        """Claim a due reminder for sending: True at most once. A reminder whose booking is no
        longer booked or whose visit has begun is dropped, and so is a day-before reminder
        when the hours-before one is also due (after downtime, one message is enough).
        Call it inside the caller's transaction to enqueue the message atomically with it."""
        async with self._db.transaction():
            row = await self._db.fetchone(
                "SELECT r.state, r.kind, r.due_at, r.booking_id, b.status, b.starts_at "
                "FROM cnap_reminders r JOIN cnap_bookings b ON b.id = r.booking_id "
                "WHERE r.id = ?",
                (reminder_id,),
            )
            if row is None or row["state"] != "pending" or from_db(row["due_at"]) > now:
                return False
            stale = row["status"] != "booked" or from_db(row["starts_at"]) <= now
            if stale or (row["kind"] == "day_before" and await self._later_due(row, now)):
                await self._set_state(reminder_id, "dropped", now)
                return False
            await self._set_state(reminder_id, "enqueued", now)
            return True

    async def switchable(self, booking_id: int, now: datetime) -> dict[ReminderKind, bool]:
        """Reminders of the booking still ahead and not sent: kind -> on."""
        rows = await self._db.fetchall(
            "SELECT kind, state FROM cnap_reminders WHERE booking_id = ? AND state <> 'enqueued' "
            "AND due_at > ? ORDER BY due_at",
            (booking_id, to_db(now)),
        )
        return {cast(ReminderKind, r["kind"]): r["state"] == "pending" for r in rows}

    async def switch(self, booking_id: int, kind: ReminderKind, on: bool, now: datetime) -> None:
        """Switch one reminder of the booking on or off, unless it was sent or is past."""
        await self._db.execute(
            "UPDATE cnap_reminders SET state = ?, updated_at = ? WHERE booking_id = ? "
            "AND kind = ? AND state <> 'enqueued' AND due_at > ?",
            ("pending" if on else "dropped", to_db(now), booking_id, kind, to_db(now)),
        )

    async def _later_due(self, reminder: Row, now: datetime) -> bool:
        return bool(
            await self._db.fetchval(
                "SELECT 1 FROM cnap_reminders WHERE booking_id = ? AND kind = 'hours_before' "
                "AND state = 'pending' AND due_at <= ?",
                (reminder["booking_id"], to_db(now)),
            )
        )

    async def _set_state(self, reminder_id: int, state: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE cnap_reminders SET state = ?, updated_at = ? WHERE id = ?",
            (state, to_db(now), reminder_id),
        )
