"""How much one person may book: upcoming visits at once, confirmed bookings a calendar month
(cancelled ones count), and the block after too many no-shows until an operator lifts it.
The monthly and no-show counts follow the person's verified phone (storage.queue.person), so
a resident who deletes their data and comes back starts where they left off."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage.database import Database
from storage.queue.catalogue import Catalogue
from storage.queue.config import CnapSettings
from storage.queue.errors import LimitReached
from storage.queue.models import LimitProblem
from storage.queue.person import PersonMarks
from storage.queue.schedule import KYIV, month_bounds
from storage.timeutil import Clock, to_db, utcnow

# Each count takes the resident's own bookings and, through the person marks, those booked with
# the same phone under any other record, a deleted one too (its marks have no booking left).
_LIFT = "COALESCE((SELECT lifted_at FROM cnap_noshow_lifts WHERE resident_id = :resident), '')"
_OTHERS = (
    "person = :person AND (booking_id IS NULL OR booking_id NOT IN "
    "(SELECT id FROM cnap_bookings WHERE resident_id = :resident))"
)
_COUNTS = (
    "SELECT "
    "(SELECT COUNT(*) FROM cnap_bookings WHERE resident_id = :resident "
    f" AND status = 'no_show' AND starts_at > {_LIFT})"
    f" + (SELECT COUNT(*) FROM cnap_person_marks WHERE {_OTHERS} AND no_show_at > {_LIFT})"
    " AS no_shows, "
    "(SELECT COUNT(*) FROM cnap_bookings WHERE resident_id = :resident "
    " AND status IN ('booked', 'arrived') AND ends_at > :now) AS active, "
    # Every confirmed booking of the month counts, cancelled ones too; the booking a move
    # created does not (the one it replaced already counted).
    "(SELECT COUNT(*) FROM cnap_bookings b WHERE b.resident_id = :resident "
    " AND b.booked_at >= :month AND b.booked_at < :next_month "
    " AND NOT EXISTS (SELECT 1 FROM cnap_bookings p WHERE p.moved_to = b.id))"
    f" + (SELECT COUNT(*) FROM cnap_person_marks WHERE {_OTHERS} "
    " AND booked_at >= :month AND booked_at < :next_month) AS monthly"
)


class Limits:
    def __init__(
        self,
        db: Database,
        catalogue: Catalogue,
        clock: Clock = utcnow,
        zone: ZoneInfo = KYIV,
        marks: PersonMarks | None = None,
    ) -> None:
        self._db = db
        self._catalogue = catalogue
        self._clock = clock
        self._zone = zone
        self.marks = marks or PersonMarks(db)

    async def check(self, resident_id: int, phone: str | None = None) -> LimitProblem | None:
        """What stops the resident (with their verified phone, when known) from booking one
        more visit now, if anything."""
        config = await self._catalogue.config()
        return await self.problem(resident_id, config.settings, self._clock(), phone)

    async def enforce(
        self, resident_id: int, settings: CnapSettings, now: datetime, phone: str | None = None
    ) -> None:
        """Raise LimitReached when a limit stops the resident (inside the booking transaction)."""
        problem = await self.problem(resident_id, settings, now, phone)
        if problem is not None:
            raise LimitReached(problem)

    async def problem(
        self, resident_id: int, settings: CnapSettings, now: datetime, phone: str | None = None
    ) -> LimitProblem | None:
        month_start, next_month = month_bounds(now, self._zone)
        counts = await self._db.fetchone(
            _COUNTS,
            {
                "resident": resident_id,
                "person": await self.marks.person_of(phone),
                "now": to_db(now),
                "month": to_db(month_start),
                "next_month": to_db(next_month),
            },
        )
        assert counts is not None
        no_shows, active, monthly = counts["no_shows"], counts["active"], counts["monthly"]
        if no_shows >= settings.no_show_block:
            return LimitProblem("no_show", no_shows, settings.no_show_block)
        if active >= settings.max_active_bookings:
            return LimitProblem("active", active, settings.max_active_bookings)
        if monthly >= settings.max_bookings_per_month:
            until = next_month.astimezone(self._zone).date()
            return LimitProblem("monthly", monthly, settings.max_bookings_per_month, until)
        return None
