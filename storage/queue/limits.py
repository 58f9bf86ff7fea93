"""How much one resident may book: upcoming visits at once, confirmed bookings a calendar month
(cancelled ones count), and the block after too many no-shows until an operator lifts it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage.database import Database
from storage.queue.catalogue import Catalogue
from storage.queue.config import CnapSettings
from storage.queue.errors import LimitReached
from storage.queue.models import LimitProblem
from storage.queue.schedule import KYIV, month_bounds
from storage.timeutil import Clock, to_db, utcnow

_COUNTS = (
    "SELECT "
    "(SELECT COUNT(*) FROM cnap_bookings WHERE resident_id = :resident "
    " AND status = 'no_show' AND starts_at > COALESCE("
    "  (SELECT lifted_at FROM cnap_noshow_lifts WHERE resident_id = :resident), ''))"
    " AS no_shows, "
    "(SELECT COUNT(*) FROM cnap_bookings WHERE resident_id = :resident "
    " AND status IN ('booked', 'arrived') AND ends_at > :now) AS active, "
    # Every confirmed booking of the month counts, cancelled ones too; the booking a move
    # created does not (the one it replaced already counted).
    "(SELECT COUNT(*) FROM cnap_bookings b WHERE b.resident_id = :resident "
    " AND b.booked_at >= :month AND b.booked_at < :next_month "
    " AND NOT EXISTS (SELECT 1 FROM cnap_bookings p WHERE p.moved_to = b.id)) AS monthly"
)


class Limits:
    def __init__(
        self, db: Database, catalogue: Catalogue, clock: Clock = utcnow, zone: ZoneInfo = KYIV
    ) -> None:
        self._db = db
        self._catalogue = catalogue
        self._clock = clock
        self._zone = zone

    async def check(self, resident_id: int) -> LimitProblem | None:
        """What stops the resident from booking one more visit now, if anything."""
        config = await self._catalogue.config()
        return await self.problem(resident_id, config.settings, self._clock())

    async def enforce(self, resident_id: int, settings: CnapSettings, now: datetime) -> None:
        """Raise LimitReached when a limit stops the resident (inside the booking transaction)."""
        problem = await self.problem(resident_id, settings, now)
        if problem is not None:
            raise LimitReached(problem)

    async def problem(
        self, resident_id: int, settings: CnapSettings, now: datetime
    ) -> LimitProblem | None:
        month_start, next_month = month_bounds(now, self._zone)
        counts = await self._db.fetchone(
            _COUNTS,
            {
                "resident": resident_id,
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
