"""What a ЦНАП operator does at a place: the day's list, a visit by id or by the code the
resident shows, marking the outcome of a visit, closing the place for a while, lifting a
resident's no-show block. Each change is written to the audit log in its own transaction."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage.audit import Actor, AuditAction, AuditLog, AuditObject, DetailValue
from storage.database import Database
from storage.queue.catalogue import Catalogue
from storage.queue.errors import InvalidInput, TooEarly, WrongState
from storage.queue.models import Booking, MarkStatus
from storage.queue.person import PersonMarks
from storage.queue.rows import LONGEST_VISIT, BookingRows, as_utc, booking_from_row
from storage.queue.rules import normalise_code, squeeze
from storage.queue.schedule import KYIV, day_bounds
from storage.timeutil import Clock, to_db, utcnow

# Operator corrections allowed between the outcomes of a visit.
_MARKS_FROM: dict[str, set[str]] = {
    "booked": {"arrived", "served", "no_show"},
    "arrived": {"served", "no_show"},
    "no_show": {"arrived", "served"},
}


class Desk:
    def __init__(
        self,
        db: Database,
        catalogue: Catalogue,
        clock: Clock = utcnow,
        zone: ZoneInfo = KYIV,
        audit: AuditLog | None = None,
        marks: PersonMarks | None = None,
    ) -> None:
        self._db = db
        self._rows = BookingRows(db)
        self._marks = marks or PersonMarks(db)
        self._catalogue = catalogue
        self._clock = clock
        self._zone = zone
        self._audit = audit

    async def day_list(self, place_code: str, day: date) -> list[Booking]:
        """Everyone expected at the place on a local day, with the outcome so far."""
        start, end = day_bounds(day, self._zone)
        rows = await self._db.fetchall(
            "SELECT * FROM cnap_bookings WHERE place_code = ? AND starts_at >= ? "
            "AND starts_at < ? AND status IN ('booked', 'arrived', 'served', 'no_show') "
            "ORDER BY starts_at, id",
            (place_code, to_db(start), to_db(end)),
        )
        return [booking_from_row(r) for r in rows]

    async def count_upcoming(self, place_code: str | None = None) -> int:
        """Booked visits still ahead, at one place or everywhere (for statistics)."""
        count = await self._db.fetchval(
            "SELECT COUNT(*) FROM cnap_bookings WHERE status = 'booked' AND starts_at > ? "
            "AND (? IS NULL OR place_code = ?)",
            (to_db(self._clock()), place_code, place_code),
        )
        return int(count)

    async def get_at_place(self, booking_id: int, place_code: str) -> Booking:
        return await self._rows.at_place(booking_id, place_code)

    async def by_code(self, place_code: str, code: str) -> Booking | None:
        """Find a booking at the place by the code the resident shows ('4821' is enough)."""
        row = await self._db.fetchone(
            "SELECT * FROM cnap_bookings WHERE code = ? AND place_code = ?",
            (normalise_code(code), place_code),
        )
        return booking_from_row(row) if row else None

    async def mark(
        self,
        booking_id: int,
        place_code: str,
        status: MarkStatus,
        by_resident_id: int | None = None,
    ) -> Booking:
        """Record the outcome of a visit at this place; marking the same twice is harmless
        (and logged once)."""
        now = self._clock()
        async with self._db.transaction():
            booking = await self._rows.at_place(booking_id, place_code)
            if booking.status == status:
                return booking
            if status not in _MARKS_FROM.get(booking.status, set()):
                raise WrongState(booking.status)
            if status == "no_show" and booking.starts_at > now:
                raise TooEarly()
            await self._db.execute(
                "UPDATE cnap_bookings SET status = ?, updated_at = ? WHERE id = ?",
                (status, to_db(now), booking.id),
            )
            await self._rows.drop_reminders(booking.id, now)
            await self._marks.missed(booking.id, booking.starts_at if status == "no_show" else None)
            detail: dict[str, DetailValue] = {
                "place": place_code,
                "from": booking.status,
                "to": status,
            }
            visit = AuditObject.of("booking", booking.id)
            await self._log(by_resident_id, AuditAction.CNAP_MARK, visit, detail)
            return await self._rows.get(booking.id)

    async def close(
        self,
        place_code: str,
        starts_at: datetime,
        ends_at: datetime,
        reason: str,
        by_resident_id: int | None,
    ) -> list[Booking]:
        """Close a place for a while: the closure and the cancellation (reason 'closed') of every
        booking it hits are one transaction. Returns those bookings so each resident is told."""
        await self._catalogue.place(place_code)
        starts_at, ends_at = as_utc(starts_at), as_utc(ends_at)
        reason = squeeze(reason)
        if ends_at <= starts_at or not reason:
            raise InvalidInput("a closure needs a reason and must end after it starts")
        now = self._clock()
        async with self._db.transaction():
            closure_id = await self._db.execute(
                "INSERT INTO cnap_closures(place_code, starts_at, ends_at, reason, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (place_code, to_db(starts_at), to_db(ends_at), reason, by_resident_id, to_db(now)),
            )
            hit = await self._booked_between(place_code, starts_at, ends_at, now)
            for booking_id in hit:
                await self._rows.cancel(booking_id, "closed", now)
            detail: dict[str, DetailValue] = {
                "place": place_code,
                "from": to_db(starts_at),
                "to": to_db(ends_at),
                "reason": reason,
                "cancelled": len(hit),
            }
            closure = AuditObject.of("cnap_closure", closure_id)
            await self._log(by_resident_id, AuditAction.CNAP_CLOSE, closure, detail)
            return [await self._rows.get(booking_id) for booking_id in hit]

    async def lift_noshow_block(self, resident_id: int, by_resident_id: int | None = None) -> None:
        """After the resident came in person: earlier no-shows stop counting."""
        async with self._db.transaction():
            await self._db.execute(
                "INSERT INTO cnap_noshow_lifts(resident_id, lifted_at, lifted_by) "
                "VALUES (?, ?, ?) ON CONFLICT(resident_id) DO UPDATE SET "
                "lifted_at = excluded.lifted_at, lifted_by = excluded.lifted_by",
                (resident_id, to_db(self._clock()), by_resident_id),
            )
            await self._marks.lifted(resident_id)
            resident = AuditObject.of("resident", resident_id)
            await self._log(by_resident_id, AuditAction.NOSHOW_LIFT, resident)

    async def _log(
        self,
        by_resident_id: int | None,
        action: AuditAction,
        obj: AuditObject,
        detail: dict[str, DetailValue] | None = None,
    ) -> None:
        """Inside the action's transaction, so the log and the change commit together."""
        if self._audit is None:
            return
        actor = Actor.system() if by_resident_id is None else Actor.resident(by_resident_id)
        await self._audit.record(actor, action, obj, detail)

    async def _booked_between(
        self, place_code: str, starts_at: datetime, ends_at: datetime, now: datetime
    ) -> list[int]:
        """Booked visits at the place that overlap the span and have not ended yet."""
        rows = await self._db.fetchall(
            "SELECT id FROM cnap_bookings WHERE place_code = ? AND status = 'booked' "
            "AND starts_at >= ? AND starts_at < ? AND ends_at > ? AND ends_at > ? "
            "ORDER BY starts_at, id",
            (
                place_code,
                to_db(starts_at - LONGEST_VISIT),
                to_db(ends_at),
                to_db(starts_at),
                to_db(now),
            ),
        )
        return [int(row["id"]) for row in rows]
