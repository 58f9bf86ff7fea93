"""Which days and starts a resident may book at a place: the schedule grid minus the visits,
live holds and closures in the way, within the booking window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.database import Database
from storage.queue.catalogue import Catalogue
from storage.queue.config import CnapConfig, CnapSettings, Place, Service
from storage.queue.errors import OutsideWindow, SlotUnavailable
from storage.queue.models import GridSlot, Run, Slot
from storage.queue.rows import LONGEST_VISIT, OCCUPIES, from_db
from storage.queue.schedule import KYIV, day_grid, overlap_counts, runs, slots_needed
from storage.timeutil import Clock, to_db, utcnow

Spans = list[tuple[datetime, datetime]]
# Schedule grids kept in memory at most (place and day each); a reload of the file clears them.
_GRIDS_KEPT = 5000


class Availability:
    def __init__(
        self, db: Database, catalogue: Catalogue, clock: Clock = utcnow, zone: ZoneInfo = KYIV
    ) -> None:
        self._db = db
        self._catalogue = catalogue
        self._clock = clock
        self._zone = zone
        self._grids: dict[tuple[str, date], list[GridSlot]] = {}
        self._grids_of: CnapConfig | None = None

    def window(self, settings: CnapSettings) -> list[date]:
        """The local days residents may book, from today on."""
        today = self._clock().astimezone(self._zone).date()
        return [today + timedelta(days=i) for i in range(settings.booking_window_days)]

    async def available_days(self, place_code: str, service_code: str) -> list[date]:
        config, place, service = await self._catalogue.offer(place_code, service_code)
        now = self._clock()
        days = self.window(config.settings)
        by_day = await self._runs_by_day(config, place, service, days, now)
        earliest = now + config.settings.lead
        return [
            day for day, found in by_day.items() if any(r.is_open(now, earliest) for r in found)
        ]

    async def free_slots(
        self,
        place_code: str,
        service_code: str,
        day: date,
        *,
        exclude_booking_id: int | None = None,
    ) -> list[Slot]:
        """Bookable starts on a local day. When moving a booking, pass its id so that its own
        time does not look taken."""
        config, place, service = await self._catalogue.offer(place_code, service_code)
        if day not in self.window(config.settings):
            return []
        now = self._clock()
        by_day = await self._runs_by_day(config, place, service, [day], now, exclude_booking_id)
        earliest = now + config.settings.lead
        return [
            Slot(r.starts_at, r.ends_at, place.capacity, r.free)
            for r in by_day[day]
            if r.is_open(now, earliest)
        ]

    async def bookable(
        self,
        config: CnapConfig,
        place: Place,
        service: Service,
        starts_at: datetime,
        now: datetime,
        *,
        exclude: int | None = None,
        window: bool = True,
    ) -> Run:
        """The visit starting at `starts_at`, or the reason it cannot be booked. Call it in the
        transaction that books it, so the check and the booking cannot interleave. A new
        choice (`window`) must also leave the resident the lead time to get there; confirming
        a time already held need not."""
        if starts_at <= now or (window and starts_at < now + config.settings.lead):
            raise SlotUnavailable("past")
        day = starts_at.astimezone(self._zone).date()
        days = self.window(config.settings)
        if window and day not in days:
            raise OutsideWindow(days[0], days[-1])
        found = (await self._runs_by_day(config, place, service, [day], now, exclude))[day]
        run = next((r for r in found if r.starts_at == starts_at), None)
        if run is None:
            raise SlotUnavailable("not_in_schedule")
        if run.closed:
            raise SlotUnavailable("closed")
        if run.free <= 0:
            raise SlotUnavailable("full")
        return run

    async def _runs_by_day(
        self,
        config: CnapConfig,
        place: Place,
        service: Service,
        days: Sequence[date],
        now: datetime,
        exclude: int | None = None,
    ) -> dict[date, list[Run]]:
        days = sorted(days)
        grids = [self._grid(config, place, day) for day in days]
        slots = [s for grid in grids for s in grid]  # in time order: days do not overlap
        if not slots:
            return {day: [] for day in days}
        occupied, closures = await self._obstacles(
            place.code, slots[0].starts_at, slots[-1].ends_at, now, exclude
        )
        used, shut = overlap_counts(slots, occupied), overlap_counts(slots, closures)
        need = slots_needed(service, place)
        by_day, first = {}, 0
        for day, grid in zip(days, grids, strict=True):
            last = first + len(grid)
            by_day[day] = runs(grid, need, place.capacity, used[first:last], shut[first:last])
            first = last
        return by_day

    def _grid(self, config: CnapConfig, place: Place, day: date) -> list[GridSlot]:
        """Schedule slots are pure arithmetic on the file: kept until the file changes."""
        if self._grids_of is not config or len(self._grids) > _GRIDS_KEPT:
            self._grids.clear()
            self._grids_of = config
        key = (place.code, day)
        grid = self._grids.get(key)
        if grid is None:
            grid = self._grids[key] = day_grid(config, place, day, self._zone)
        return grid

    async def _obstacles(
        self, place_code: str, start: datetime, end: datetime, now: datetime, exclude: int | None
    ) -> tuple[Spans, Spans]:
        """Visits that take a window and closures of the place between `start` and `end`."""
        rows = await self._db.fetchall(
            "SELECT 0 AS closure, starts_at, ends_at FROM cnap_bookings WHERE place_code = ? "
            "AND starts_at >= ? AND starts_at < ? AND ends_at > ? AND id IS NOT ? "
            f"AND {OCCUPIES} UNION ALL "
            "SELECT 1, starts_at, ends_at FROM cnap_closures WHERE place_code = ? "
            "AND ends_at > ? AND starts_at < ?",
            (
                place_code,
                to_db(start - LONGEST_VISIT),
                to_db(end),
                to_db(start),
                exclude,
                to_db(now),
                place_code,
                to_db(start),
                to_db(end),
            ),
        )
        spans: tuple[Spans, Spans] = ([], [])
        for row in rows:
            spans[row["closure"]].append((from_db(row["starts_at"]), from_db(row["ends_at"])))
        return spans
