"""What loading a new community file changes for the e-queue, before and when it is loaded.

A file that closes a day, shortens the hours or drops a place or a service can leave visits
booked at times the ЦНАП no longer works. Loading it is treated like an operator's closure:
the visits are found first (for the installer to confirm), then the file is loaded and the
visits cancelled with reason 'closed' in one transaction, together with the notices that
tell each resident."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.audit import Actor, AuditAction, AuditLog, AuditObject
from storage.community import CommunityFile, CommunityRepository
from storage.database import Database
from storage.queue.config import CnapConfig, Place
from storage.queue.models import Booking
from storage.queue.rows import BookingRows, booking_from_row
from storage.queue.schedule import KYIV, local_instant
from storage.timeutil import Clock, to_db, utcnow

FILE_ACTOR = Actor.system("community file")


class ScheduleChangeNotifier:
    """Tells residents that a new community file cancelled their visits (the e-queue flow
    provides it; `load` finds it among the flows' services by this type)."""

    async def schedule_changed(self, visits: Sequence[Booking], before: CnapConfig) -> int:
        """Queue one notice per visit, rendered with the section the visits were booked
        under; returns how many were queued."""
        raise NotImplementedError


Notify = Callable[[Sequence[Booking], CnapConfig], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class FileChanges:
    """What a new file changes against what is loaded (codes; days as local dates)."""

    first_load: bool
    settlements_added: list[str] = field(default_factory=list)
    settlements_hidden: list[str] = field(default_factory=list)
    places_added: list[str] = field(default_factory=list)
    places_removed: list[str] = field(default_factory=list)
    services_added: list[str] = field(default_factory=list)
    services_removed: list[str] = field(default_factory=list)
    # Days of the booking window a place worked before and does not work any more.
    days_closed: list[tuple[str, date]] = field(default_factory=list)
    # Booked visits still ahead that the new file leaves no working time for.
    affected: list[Booking] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not any(
            (
                self.settlements_added,
                self.settlements_hidden,
                self.places_added,
                self.places_removed,
                self.services_added,
                self.services_removed,
                self.days_closed,
                self.affected,
            )
        )


def _added(before: Sequence[str], after: Sequence[str]) -> list[str]:
    return [code for code in after if code not in set(before)]


def visit_fits(config: CnapConfig | None, visit: Booking, zone: ZoneInfo) -> bool:
    """Whether the section still offers the visit's service at its place and the visit lies
    inside one working interval of that day."""
    if config is None:
        return False
    place, service = config.place(visit.place_code), config.service(visit.service_code)
    if place is None or service is None or not service.offered_at(place.code):
        return False
    day = visit.starts_at.astimezone(zone).date()
    for opens, closes in config.hours_on(place, day):
        start = local_instant(datetime.combine(day, opens), zone)
        end = local_instant(datetime.combine(day, closes), zone, later=True)
        if start <= visit.starts_at and visit.ends_at <= end:
            return True
    return False


def _days_closed(
    before: CnapConfig | None, after: CnapConfig | None, days: Sequence[date]
) -> list[tuple[str, date]]:
    if before is None:
        return []
    closed = []
    for old in before.places:
        new: Place | None = after.place(old.code) if after else None
        for day in days:
            if before.hours_on(old, day) and not (new and after and after.hours_on(new, day)):
                closed.append((old.code, day))
    return closed


class ScheduleChanges:
    def __init__(
        self,
        db: Database,
        community: CommunityRepository,
        clock: Clock = utcnow,
        zone: ZoneInfo = KYIV,
        audit: AuditLog | None = None,
    ) -> None:
        self._db = db
        self._community = community
        self._clock = clock
        self._zone = zone
        self._audit = audit

    async def preview(self, new: CommunityFile) -> FileChanges:
        """What loading `new` would change; nothing is written."""
        old = await self._community.get()
        if old is None:
            return FileChanges(first_load=True)
        before, after = old.cnap, new.cnap
        old_places = [p.code for p in before.places] if before else []
        new_places = [p.code for p in after.places] if after else []
        old_services = [s.code for s in before.services] if before else []
        new_services = [s.code for s in after.services] if after else []
        active = [s.code for s in await self._community.settlements()]
        listed = [s.code for s in new.settlements]
        today = self._clock().astimezone(self._zone).date()
        section = before or after
        window = section.settings.booking_window_days if section else 0
        days = [today + timedelta(days=i) for i in range(window)]
        return FileChanges(
            first_load=False,
            settlements_added=_added(active, listed),
            settlements_hidden=_added(listed, active),
            places_added=_added(old_places, new_places),
            places_removed=_added(new_places, old_places),
            services_added=_added(old_services, new_services),
            services_removed=_added(new_services, old_services),
            days_closed=_days_closed(before, after, days),
            affected=await self.affected(after),
        )

    async def affected(self, new: CnapConfig | None) -> list[Booking]:
        """Booked visits still ahead that `new` leaves no working time for."""
        rows = await self._db.fetchall(
            "SELECT * FROM cnap_bookings WHERE status = 'booked' AND starts_at > ? "
            "ORDER BY starts_at, id",
            (to_db(self._clock()),),
        )
        visits = [booking_from_row(r) for r in rows]
        return [v for v in visits if not visit_fits(new, v, self._zone)]

    async def apply(self, new: CommunityFile, notify: Notify | None = None) -> list[Booking]:
        """Load `new` and cancel (reason 'closed') every visit it leaves no time for, telling
        each resident through `notify`, all in one transaction. Returns the cancelled visits."""
        old = await self._community.get()
        before = old.cnap if old else None
        now = self._clock()
        rows = BookingRows(self._db)
        async with self._db.transaction():
            hit = await self.affected(new.cnap)
            await self._community.load(new)
            for visit in hit:
                await rows.cancel(visit.id, "closed", now)
            cancelled = [await rows.get(visit.id) for visit in hit]
            if cancelled and self._audit is not None:
                await self._audit.record(
                    FILE_ACTOR,
                    AuditAction.CNAP_FILE_CANCEL,
                    AuditObject.of("community", new.community.code),
                    {"cancelled": len(cancelled)},
                )
            if cancelled and notify is not None and before is not None:
                await notify(cancelled, before)
        return cancelled
