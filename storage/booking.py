"""The ЦНАП e-queue: slots from working hours, holds, bookings, limits, operator marks,
closures and reminders. Plain values in and out; nothing here knows about a messenger.

Slots are computed in the community time zone and stored in UTC. Every change that must be
all-or-nothing runs in one `Database.transaction()` (BEGIN IMMEDIATE), so a capacity check and
the insert it allows cannot interleave with another writer, in this process or another one.
"""

# Error names read as outcomes (SlotUnavailable, HoldExpired), as the handlers expect them.
# ruff: noqa: N818

from __future__ import annotations

import secrets
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

from storage.audit import Actor, AuditAction, AuditLog, AuditObject, DetailValue
from storage.cnap import Category, CnapCatalog, CnapConfig, CnapSettings, Place, Service
from storage.community import CommunityRepository
from storage.database import Database, Row
from storage.timeutil import Clock, to_db, utcnow

KYIV = ZoneInfo("Europe/Kyiv")

BookingStatus = Literal["held", "booked", "arrived", "served", "no_show", "cancelled"]
CancelReason = Literal["resident", "closed", "moved", "operator"]
MarkStatus = Literal["arrived", "served", "no_show"]
ReminderKind = Literal["day_before", "hours_before"]
LimitKind = Literal["active", "monthly", "no_show"]
UnavailableReason = Literal["not_in_schedule", "past", "closed", "full"]

# A slot is taken by every booking that was not cancelled (an early "served" mark does not
# free the rest of a visit) and by holds that have not expired yet.
_OCCUPIES = (
    "(status IN ('booked', 'arrived', 'served', 'no_show') "
    "OR (status = 'held' AND hold_expires_at > ?))"
)
# Operator corrections allowed between the outcomes of a visit.
_MARKS_FROM: dict[str, set[str]] = {
    "booked": {"arrived", "served", "no_show"},
    "arrived": {"served", "no_show"},
    "no_show": {"arrived", "served"},
}
# No visit lasts longer than a day: a lower bound that lets overlap queries use the index.
_LONGEST_VISIT = timedelta(days=1)
_CODE_PREFIX = "К-"


# --- plain values ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    code: str | None
    resident_id: int
    place_code: str
    service_code: str
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    hold_expires_at: datetime | None
    full_name: str | None
    phone: str | None
    cancel_reason: CancelReason | None
    moved_to: int | None
    booked_at: datetime | None
    created_at: datetime
    updated_at: datetime
    rating: int | None
    rating_comment: str | None


@dataclass(frozen=True, slots=True)
class Slot:
    """A start time a resident may book: `free` of `capacity` windows are still open for the
    whole visit (which may span several schedule slots)."""

    starts_at: datetime
    ends_at: datetime
    capacity: int
    free: int


@dataclass(frozen=True, slots=True)
class LimitProblem:
    kind: LimitKind
    count: int
    limit: int
    # For 'monthly': the first local day on which booking is possible again.
    until: date | None = None


@dataclass(frozen=True, slots=True)
class DueReminder:
    id: int
    kind: ReminderKind
    due_at: datetime
    booking: Booking


@dataclass(frozen=True, slots=True)
class GridSlot:
    """One schedule slot of a place: `interval` numbers the working interval of its day."""

    starts_at: datetime
    ends_at: datetime
    interval: int


@dataclass(frozen=True, slots=True)
class _Run:
    """Consecutive grid slots a visit needs, with what stands in its way."""

    starts_at: datetime
    ends_at: datetime
    free: int
    closed: bool


# --- errors ------------------------------------------------------------------------------


class BookingError(Exception):
    """Base of everything the resident or operator should be told in words."""


class CnapNotConfigured(BookingError):
    """The community file has no `cnap` section."""


class UnknownCode(BookingError):
    """A place or service code not in the community file, or a service not offered there."""


class NotFound(BookingError):
    """No such booking for this resident (or place): another resident's booking looks the same."""


class SlotUnavailable(BookingError):
    def __init__(self, reason: UnavailableReason = "not_in_schedule") -> None:
        super().__init__(reason)
        self.reason: UnavailableReason = reason


class OutsideWindow(BookingError):
    def __init__(self, first: date, last: date) -> None:
        super().__init__(f"bookable days are {first}..{last}")
        self.first = first
        self.last = last


class LimitReached(BookingError):
    def __init__(self, problem: LimitProblem) -> None:
        super().__init__(problem.kind)
        self.problem = problem


class HoldExpired(BookingError):
    """The hold lapsed and the slot was taken (or closed) meanwhile."""


class WrongState(BookingError):
    def __init__(self, status: str) -> None:
        super().__init__(f"not allowed while the booking is {status}")
        self.status = status


class TooLate(BookingError):
    """The visit has already started: it can no longer be cancelled or moved."""


class TooEarly(BookingError):
    """A no-show can be marked only once the visit time has come."""


class AlreadyRated(BookingError):
    pass


# --- time and schedule -------------------------------------------------------------------


def local_instant(wall: datetime, zone: ZoneInfo, *, later: bool = False) -> datetime:
    """The UTC instant at which clocks in `zone` show the naive `wall` time. A time shown twice
    (autumn) gives the first instant, or the second with `later`; a time skipped (spring)
    gives the moment the clocks jumped."""
    instants = sorted({wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1)})
    real = [i for i in instants if i.astimezone(zone).replace(tzinfo=None) == wall]
    if real:
        return real[-1] if later else real[0]
    return _offset_change(instants[0], instants[-1], zone)


def _offset_change(before: datetime, after: datetime, zone: ZoneInfo) -> datetime:
    """The instant between `before` and `after` at which the zone's UTC offset changes."""
    target = after.astimezone(zone).utcoffset()
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(zone).utcoffset() == target:
            after = middle
        else:
            before = middle
    return after.replace(microsecond=0)


def day_grid(config: CnapConfig, place: Place, day: date, zone: ZoneInfo) -> list[GridSlot]:
    """The place's schedule slots on a local day, in UTC and in order. Working intervals are
    measured in real time, so a DST change neither repeats nor drops a slot."""
    step = timedelta(minutes=place.slot_minutes)
    grid: list[GridSlot] = []
    served_until: datetime | None = None
    for index, (opens, closes) in enumerate(config.hours_on(place, day)):
        start = local_instant(datetime.combine(day, opens), zone)
        end = local_instant(datetime.combine(day, closes), zone, later=True)
        if served_until is not None:
            start = max(start, served_until)  # an autumn repeated hour must not serve twice
        moment = start
        while moment + step <= end:
            grid.append(GridSlot(moment, moment + step, index))
            moment += step
        served_until = end if served_until is None else max(served_until, end)
    return grid


def slots_needed(service: Service, place: Place) -> int:
    return -(-service.duration_minutes // place.slot_minutes)


def _overlap_counts(
    grid: Sequence[GridSlot], spans: Iterable[tuple[datetime, datetime]]
) -> list[int]:
    """For each grid slot, how many of the spans overlap it."""
    starts = [s.starts_at for s in grid]
    ends = [s.ends_at for s in grid]
    diff = [0] * (len(grid) + 1)
    for span_start, span_end in spans:
        first = bisect_right(ends, span_start)
        stop = bisect_left(starts, span_end)
        if first < stop:
            diff[first] += 1
            diff[stop] -= 1
    counts, running = [], 0
    for change in diff[:-1]:
        running += change
        counts.append(running)
    return counts


def _runs(
    grid: Sequence[GridSlot], need: int, capacity: int, used: Sequence[int], shut: Sequence[int]
) -> list[_Run]:
    """Every start of `need` consecutive slots of one interval; `used` and `shut` count the
    visits and closures overlapping each slot."""
    runs = []
    for first in range(len(grid) - need + 1):
        last = first + need - 1
        if grid[last].interval != grid[first].interval:
            continue  # a visit does not run into the lunch break
        runs.append(
            _Run(
                starts_at=grid[first].starts_at,
                ends_at=grid[last].ends_at,
                free=capacity - max(used[first : last + 1]),
                closed=max(shut[first : last + 1]) > 0,
            )
        )
    return runs


def reminder_due_times(
    starts_at: datetime, settings: CnapSettings, zone: ZoneInfo
) -> list[tuple[ReminderKind, datetime]]:
    due: list[tuple[ReminderKind, datetime]] = []
    if settings.remind_day_before:
        eve = starts_at.astimezone(zone).date() - timedelta(days=1)
        due.append(
            (
                "day_before",
                local_instant(datetime.combine(eve, settings.remind_day_before_at), zone),
            )
        )
    if settings.remind_hours_before:
        due.append(("hours_before", starts_at - timedelta(hours=settings.remind_hours_before)))
    return due


def _from_db(value: str) -> datetime:
    """timeutil.from_db, faster: occupancy reads parse thousands of these per request."""
    return datetime.fromisoformat(value)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a booking time must carry its time zone")
    return moment.astimezone(UTC)


def _booking(row: Row) -> Booking:
    def moment(column: str) -> datetime | None:
        value = row[column]
        return _from_db(value) if value else None

    return Booking(
        id=row["id"],
        code=row["code"],
        resident_id=row["resident_id"],
        place_code=row["place_code"],
        service_code=row["service_code"],
        starts_at=_from_db(row["starts_at"]),
        ends_at=_from_db(row["ends_at"]),
        status=cast(BookingStatus, row["status"]),
        hold_expires_at=moment("hold_expires_at"),
        full_name=row["full_name"],
        phone=row["phone"],
        cancel_reason=cast(CancelReason | None, row["cancel_reason"]),
        moved_to=row["moved_to"],
        booked_at=moment("booked_at"),
        created_at=_from_db(row["created_at"]),
        updated_at=_from_db(row["updated_at"]),
        rating=row["rating"],
        rating_comment=row["rating_comment"],
    )


def _contact(full_name: str, phone: str) -> tuple[str, str]:
    full_name, phone = " ".join(full_name.split()), phone.strip()
    if not 1 <= len(full_name) <= 200 or not 1 <= len(phone) <= 32:
        raise ValueError("a booking needs a name (up to 200 characters) and a phone number")
    return full_name, phone


def normalise_code(text: str) -> str:
    """'к-4821', 'K4821' (Latin) or '4821' -> 'К-4821'."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return f"{_CODE_PREFIX}{digits}"


# --- the service -------------------------------------------------------------------------


class BookingService:
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
        # Officials' actions (marks, closures, lifted blocks) are logged in their transaction.
        self._audit = audit
        self._catalog: CnapCatalog | None = None
        self._grids: dict[tuple[str, date], list[GridSlot]] = {}

    # --- what can be booked ---------------------------------------------------------------

    async def catalog(self) -> CnapCatalog:
        """The ЦНАП section as loaded now; cheap to call (rebuilt only after a reload)."""
        community = await self._community.get()
        if community is None or community.cnap is None:
            raise CnapNotConfigured()
        if self._catalog is None or self._catalog.config is not community.cnap:
            district_of = {s.code: s.district for s in community.settlements}
            self._catalog = CnapCatalog(community.cnap, district_of)
            self._grids.clear()
        return self._catalog

    async def config(self) -> CnapConfig:
        return (await self.catalog()).config

    async def places_for(self, settlement_code: str | None) -> list[Place]:
        """Nearest first: in the resident's settlement, then in the same starosta district,
        then the main office, then the rest in file order."""
        return (await self.catalog()).places_near(settlement_code)

    async def place(self, place_code: str) -> Place:
        place = (await self.catalog()).place(place_code)
        if place is None:
            raise UnknownCode(place_code)
        return place

    async def service(self, service_code: str) -> Service:
        service = (await self.catalog()).service(service_code)
        if service is None:
            raise UnknownCode(service_code)
        return service

    async def categories(self, place_code: str | None = None) -> list[Category]:
        """Categories with at least one service (offered at the place, when given)."""
        return (await self.catalog()).categories_at(place_code)

    async def services(self, place_code: str, category_code: str | None = None) -> list[Service]:
        return (await self.catalog()).services_at(place_code, category_code)

    def booking_window(self, settings: CnapSettings) -> list[date]:
        today = self._clock().astimezone(self._zone).date()
        return [today + timedelta(days=i) for i in range(settings.booking_window_days)]

    async def available_days(self, place_code: str, service_code: str) -> list[date]:
        config, place, service = await self._offer(place_code, service_code)
        now = self._clock()
        days = self.booking_window(config.settings)
        by_day = await self._runs_by_day(config, place, service, days, now)
        return [day for day, runs in by_day.items() if any(_open(r, now) for r in runs)]

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
        config, place, service = await self._offer(place_code, service_code)
        if day not in self.booking_window(config.settings):
            return []
        now = self._clock()
        by_day = await self._runs_by_day(config, place, service, [day], now, exclude_booking_id)
        runs = by_day[day]
        return [Slot(r.starts_at, r.ends_at, place.capacity, r.free) for r in runs if _open(r, now)]

    # --- limits ---------------------------------------------------------------------------

    async def check_limits(self, resident_id: int) -> LimitProblem | None:
        config = await self.config()
        return await self._limit_problem(resident_id, config.settings, self._clock())

    async def _limit_problem(
        self, resident_id: int, settings: CnapSettings, now: datetime
    ) -> LimitProblem | None:
        month_start, next_month = self._month(now)
        counts = await self._db.fetchone(
            "SELECT "
            "(SELECT COUNT(*) FROM cnap_bookings WHERE resident_id = :resident "
            " AND status = 'no_show' AND starts_at > COALESCE("
            "  (SELECT lifted_at FROM cnap_noshow_lifts WHERE resident_id = :resident), ''))"
            " AS no_shows, "
            "(SELECT COUNT(*) FROM cnap_bookings WHERE resident_id = :resident "
            " AND status IN ('booked', 'arrived') AND ends_at > :now) AS active, "
            # Every confirmed booking of the month counts, cancelled ones too; the booking a
            # move created does not (the one it replaced already counted).
            "(SELECT COUNT(*) FROM cnap_bookings b WHERE b.resident_id = :resident "
            " AND b.booked_at >= :month AND b.booked_at < :next_month "
            " AND NOT EXISTS (SELECT 1 FROM cnap_bookings p WHERE p.moved_to = b.id)) AS monthly",
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

    def _month(self, now: datetime) -> tuple[datetime, datetime]:
        first = now.astimezone(self._zone).date().replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        midnight = time(0, 0)
        return (
            local_instant(datetime.combine(first, midnight), self._zone),
            local_instant(datetime.combine(following, midnight), self._zone),
        )

    async def _raise_if_limited(
        self, resident_id: int, settings: CnapSettings, now: datetime
    ) -> None:
        problem = await self._limit_problem(resident_id, settings, now)
        if problem is not None:
            raise LimitReached(problem)

    # --- the resident's booking -----------------------------------------------------------

    async def hold(
        self, resident_id: int, place_code: str, service_code: str, starts_at: datetime
    ) -> Booking:
        """Keep a slot for `hold_minutes` while the resident enters name and phone. A hold the
        resident had elsewhere is released (restored if this one fails)."""
        config, place, service = await self._offer(place_code, service_code)
        starts_at = _utc(starts_at)
        now = self._clock()
        settings = config.settings
        async with self._db.transaction():
            await self._db.execute(
                "DELETE FROM cnap_bookings WHERE resident_id = ? AND status = 'held'",
                (resident_id,),
            )
            await self._raise_if_limited(resident_id, settings, now)
            run = await self._bookable_run(config, place, service, starts_at, now)
            booking_id = await self._db.execute(
                "INSERT INTO cnap_bookings(resident_id, place_code, service_code, starts_at, "
                "ends_at, status, hold_expires_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'held', ?, ?, ?)",
                (
                    resident_id,
                    place.code,
                    service.code,
                    to_db(run.starts_at),
                    to_db(run.ends_at),
                    to_db(now + timedelta(minutes=settings.hold_minutes)),
                    to_db(now),
                    to_db(now),
                ),
            )
            return await self._get(booking_id)

    async def release_hold(self, booking_id: int, resident_id: int) -> None:
        """The resident stepped back from the form: give the slot back at once."""
        await self._db.execute(
            "DELETE FROM cnap_bookings WHERE id = ? AND resident_id = ? AND status = 'held'",
            (booking_id, resident_id),
        )

    async def confirm(
        self, booking_id: int, resident_id: int, full_name: str, phone: str
    ) -> Booking:
        """Turn the hold into a booking with a short code and reminders. Confirming twice
        returns the same booking."""
        full_name, phone = _contact(full_name, phone)
        config = await self.config()
        now = self._clock()
        async with self._db.transaction():
            held = await self._owned(booking_id, resident_id)
            if held.status == "booked":
                return held
            if held.status != "held":
                raise WrongState(held.status)
            await self._raise_if_limited(resident_id, config.settings, now)
            place, service = self._resolve(config, held)
            lapsed = held.hold_expires_at is not None and held.hold_expires_at <= now
            try:
                await self._bookable_run(
                    config, place, service, held.starts_at, now, exclude=held.id, window=False
                )
            except SlotUnavailable:
                if lapsed:
                    raise HoldExpired() from None
                raise
            await self._with_new_code(
                "UPDATE cnap_bookings SET status = 'booked', code = ?, full_name = ?, phone = ?, "
                "hold_expires_at = NULL, booked_at = ?, updated_at = ? WHERE id = ?",
                lambda code: (code, full_name, phone, to_db(now), to_db(now), held.id),
            )
            await self._add_reminders(held.id, held.starts_at, config.settings, now)
            return await self._get(held.id)

    async def cancel(self, booking_id: int, resident_id: int) -> Booking:
        """Cancel an upcoming booking; cancelling again returns it unchanged."""
        now = self._clock()
        async with self._db.transaction():
            booking = await self._owned(booking_id, resident_id, holds=False)
            if booking.status == "cancelled":
                return booking
            self._require_upcoming(booking, now)
            await self._cancel_row(booking.id, "resident", now)
            return await self._get(booking.id)

    async def reschedule(
        self, booking_id: int, resident_id: int, new_starts_at: datetime
    ) -> Booking:
        """Move a booking to another start at the same place for the same service: the new
        booking is created and the old one cancelled (reason 'moved', moved_to set) at once.
        Limits are not checked again: a move replaces a booking, it adds none."""
        config = await self.config()
        new_starts_at = _utc(new_starts_at)
        now = self._clock()
        async with self._db.transaction():
            old = await self._owned(booking_id, resident_id, holds=False)
            self._require_upcoming(old, now)
            if new_starts_at == old.starts_at:
                return old
            place, service = self._resolve(config, old)
            run = await self._bookable_run(
                config, place, service, new_starts_at, now, exclude=old.id
            )
            new_id = await self._with_new_code(
                "INSERT INTO cnap_bookings(code, resident_id, place_code, service_code, "
                "starts_at, ends_at, status, full_name, phone, booked_at, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?)",
                lambda code: (
                    code,
                    resident_id,
                    old.place_code,
                    old.service_code,
                    to_db(run.starts_at),
                    to_db(run.ends_at),
                    old.full_name,
                    old.phone,
                    to_db(now),
                    to_db(now),
                    to_db(now),
                ),
            )
            await self._cancel_row(old.id, "moved", now, moved_to=new_id)
            await self._add_reminders(new_id, run.starts_at, config.settings, now)
            return await self._get(new_id)

    async def rate(
        self, booking_id: int, resident_id: int, rating: int, comment: str | None = None
    ) -> Booking:
        """The quality survey after a served visit (1-5), once."""
        if not 1 <= rating <= 5:
            raise ValueError("a rating is 1 to 5")
        comment = " ".join((comment or "").split())[:1000] or None
        async with self._db.transaction():
            booking = await self._owned(booking_id, resident_id, holds=False)
            if booking.status != "served":
                raise WrongState(booking.status)
            if booking.rating is not None:
                raise AlreadyRated()
            await self._db.execute(
                "UPDATE cnap_bookings SET rating = ?, rating_comment = ?, updated_at = ? "
                "WHERE id = ?",
                (rating, comment, to_db(self._clock()), booking.id),
            )
            return await self._get(booking.id)

    async def comment(self, booking_id: int, resident_id: int, comment: str) -> Booking:
        """A comment to a rating already given, once."""
        text = " ".join(comment.split())[:1000]
        if not text:
            raise ValueError("an empty comment")
        async with self._db.transaction():
            booking = await self._owned(booking_id, resident_id, holds=False)
            if booking.rating is None:
                raise WrongState(booking.status)
            if booking.rating_comment is not None:
                raise AlreadyRated()
            await self._db.execute(
                "UPDATE cnap_bookings SET rating_comment = ?, updated_at = ? WHERE id = ?",
                (text, to_db(self._clock()), booking.id),
            )
            return await self._get(booking.id)

    async def reminder_preferences(
        self, booking_id: int, resident_id: int
    ) -> dict[ReminderKind, bool]:
        """Reminders of a booking the resident may still switch on or off: kind -> on.
        Reminders already sent, or never created because their time had passed, are absent."""
        booking = await self._owned(booking_id, resident_id, holds=False)
        if booking.status != "booked":
            return {}
        rows = await self._db.fetchall(
            "SELECT kind, state FROM cnap_reminders WHERE booking_id = ? AND state <> 'enqueued' "
            "AND due_at > ? ORDER BY due_at",
            (booking_id, to_db(self._clock())),
        )
        return {cast(ReminderKind, r["kind"]): r["state"] == "pending" for r in rows}

    async def set_reminder(
        self, booking_id: int, resident_id: int, kind: ReminderKind, on: bool
    ) -> None:
        """Switch one reminder of an upcoming booking on or off."""
        now = self._clock()
        async with self._db.transaction():
            booking = await self._owned(booking_id, resident_id, holds=False)
            self._require_upcoming(booking, now)
            await self._db.execute(
                "UPDATE cnap_reminders SET state = ?, updated_at = ? WHERE booking_id = ? "
                "AND kind = ? AND state <> 'enqueued' AND due_at > ?",
                ("pending" if on else "dropped", to_db(now), booking_id, kind, to_db(now)),
            )

    async def count_for_resident(self, resident_id: int) -> int:
        """How many bookings are kept about the resident (for «my data»)."""
        count = await self._db.fetchval(
            "SELECT COUNT(*) FROM cnap_bookings WHERE resident_id = ? AND status <> 'held'",
            (resident_id,),
        )
        return int(count)

    async def upcoming(self, resident_id: int) -> list[Booking]:
        rows = await self._db.fetchall(
            "SELECT * FROM cnap_bookings WHERE resident_id = ? "
            "AND status IN ('booked', 'arrived') AND ends_at > ? ORDER BY starts_at, id",
            (resident_id, to_db(self._clock())),
        )
        return [_booking(r) for r in rows]

    async def past(self, resident_id: int, limit: int = 20) -> list[Booking]:
        """Visits that are over or were cancelled, newest first. A booking that was moved is
        left out: its replacement tells the story."""
        rows = await self._db.fetchall(
            "SELECT * FROM cnap_bookings WHERE resident_id = ? AND status <> 'held' "
            "AND NOT (status IN ('booked', 'arrived') AND ends_at > ?) "
            "AND cancel_reason IS NOT 'moved' ORDER BY starts_at DESC, id DESC LIMIT ?",
            (resident_id, to_db(self._clock()), limit),
        )
        return [_booking(r) for r in rows]

    async def get_for_resident(self, booking_id: int, resident_id: int) -> Booking:
        return await self._owned(booking_id, resident_id)

    async def forget_contacts(self, resident_id: int) -> list[Booking]:
        """Consent withdrawn: cancel the resident's visits still ahead (the ЦНАП may not keep a
        name and phone for them any more) and erase name and phone from all their bookings.
        Returns the visits it cancelled."""
        now = self._clock()
        async with self._db.transaction():
            ahead = [
                b
                for b in await self.upcoming(resident_id)
                if b.status == "booked" and b.starts_at > now
            ]
            for visit in ahead:
                await self._cancel_row(visit.id, "resident", now)
            await self._db.execute(
                "DELETE FROM cnap_bookings WHERE resident_id = ? AND status = 'held'",
                (resident_id,),
            )
            await self._db.execute(
                "UPDATE cnap_bookings SET full_name = NULL, phone = NULL, updated_at = ? "
                "WHERE resident_id = ?",
                (to_db(now), resident_id),
            )
        return ahead

    # --- operator -------------------------------------------------------------------------

    async def day_list(self, place_code: str, day: date) -> list[Booking]:
        """Everyone expected at the place on a local day, with the outcome so far."""
        start = local_instant(datetime.combine(day, time(0, 0)), self._zone)
        end = local_instant(datetime.combine(day + timedelta(days=1), time(0, 0)), self._zone)
        rows = await self._db.fetchall(
            "SELECT * FROM cnap_bookings WHERE place_code = ? AND starts_at >= ? "
            "AND starts_at < ? AND status IN ('booked', 'arrived', 'served', 'no_show') "
            "ORDER BY starts_at, id",
            (place_code, to_db(start), to_db(end)),
        )
        return [_booking(r) for r in rows]

    async def count_upcoming(self, place_code: str | None = None) -> int:
        """Booked visits still ahead, at one place or everywhere (for statistics)."""
        count = await self._db.fetchval(
            "SELECT COUNT(*) FROM cnap_bookings WHERE status = 'booked' AND starts_at > ? "
            "AND (? IS NULL OR place_code = ?)",
            (to_db(self._clock()), place_code, place_code),
        )
        return int(count)

    async def get_at_place(self, booking_id: int, place_code: str) -> Booking:
        row = await self._db.fetchone(
            "SELECT * FROM cnap_bookings WHERE id = ? AND place_code = ? AND status <> 'held'",
            (booking_id, place_code),
        )
        if row is None:
            raise NotFound()
        return _booking(row)

    async def by_code(self, place_code: str, code: str) -> Booking | None:
        """Find a booking at the place by the code the resident shows ('4821' is enough)."""
        row = await self._db.fetchone(
            "SELECT * FROM cnap_bookings WHERE code = ? AND place_code = ?",
            (normalise_code(code), place_code),
        )
        return _booking(row) if row else None

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
            booking = await self.get_at_place(booking_id, place_code)
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
            await self._drop_reminders(booking.id, now)
            detail: dict[str, DetailValue] = {
                "place": place_code,
                "from": booking.status,
                "to": status,
            }
            await self._log(
                by_resident_id, AuditAction.CNAP_MARK, AuditObject.of("booking", booking.id), detail
            )
            return await self._get(booking.id)

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
        await self.place(place_code)
        starts_at, ends_at = _utc(starts_at), _utc(ends_at)
        reason = " ".join(reason.split())
        if ends_at <= starts_at or not reason:
            raise ValueError("a closure needs a reason and must end after it starts")
        now = self._clock()
        async with self._db.transaction():
            closure_id = await self._db.execute(
                "INSERT INTO cnap_closures(place_code, starts_at, ends_at, reason, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (place_code, to_db(starts_at), to_db(ends_at), reason, by_resident_id, to_db(now)),
            )
            rows = await self._db.fetchall(
                "SELECT id FROM cnap_bookings WHERE place_code = ? AND status = 'booked' "
                "AND starts_at >= ? AND starts_at < ? AND ends_at > ? AND ends_at > ? "
                "ORDER BY starts_at, id",
                (
                    place_code,
                    to_db(starts_at - _LONGEST_VISIT),
                    to_db(ends_at),
                    to_db(starts_at),
                    to_db(now),
                ),
            )
            for row in rows:
                await self._cancel_row(row["id"], "closed", now)
            detail: dict[str, DetailValue] = {
                "place": place_code,
                "from": to_db(starts_at),
                "to": to_db(ends_at),
                "reason": reason,
                "cancelled": len(rows),
            }
            closure = AuditObject.of("cnap_closure", closure_id)
            await self._log(by_resident_id, AuditAction.CNAP_CLOSE, closure, detail)
            return [await self._get(row["id"]) for row in rows]

    async def lift_noshow_block(self, resident_id: int, by_resident_id: int | None = None) -> None:
        """After the resident came in person: earlier no-shows stop counting."""
        async with self._db.transaction():
            await self._db.execute(
                "INSERT INTO cnap_noshow_lifts(resident_id, lifted_at, lifted_by) "
                "VALUES (?, ?, ?) ON CONFLICT(resident_id) DO UPDATE SET "
                "lifted_at = excluded.lifted_at, lifted_by = excluded.lifted_by",
                (resident_id, to_db(self._clock()), by_resident_id),
            )
            resident = AuditObject.of("resident", resident_id)
            await self._log(by_resident_id, AuditAction.NOSHOW_LIFT, resident)

    async def _log(
        self,
        by_resident_id: int | None,
        action: AuditAction,
        obj: AuditObject,
        detail: Mapping[str, DetailValue] | None = None,
    ) -> None:
        if self._audit is None:
            return
        actor = Actor.system() if by_resident_id is None else Actor.resident(by_resident_id)
        await self._audit.record(actor, action, obj, detail)

    async def purge_expired_holds(self, before: datetime) -> int:
        """Delete holds that lapsed before `before`; they no longer occupy anything."""
        return await self._db.execute(
            "DELETE FROM cnap_bookings WHERE status = 'held' AND hold_expires_at < ?",
            (to_db(before),),
        )

    # --- reminders ------------------------------------------------------------------------

    async def due_reminders(self, now: datetime, limit: int = 200) -> list[DueReminder]:
        """Pending reminders due by `now`, oldest first. Send one only after `take_reminder`
        returned True for it."""
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
                due_at=_from_db(r["due_at"]),
                booking=_booking(r),
            )
            for r in rows
        ]

    async def take_reminder(self, reminder_id: int, now: datetime) -> bool:
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
            if row is None or row["state"] != "pending" or _from_db(row["due_at"]) > now:
                return False
            stale = row["status"] != "booked" or _from_db(row["starts_at"]) <= now
            if stale or (row["kind"] == "day_before" and await self._later_due(row, now)):
                await self._set_reminder(reminder_id, "dropped", now)
                return False
            await self._set_reminder(reminder_id, "enqueued", now)
            return True

    async def _later_due(self, reminder: Row, now: datetime) -> bool:
        return bool(
            await self._db.fetchval(
                "SELECT 1 FROM cnap_reminders WHERE booking_id = ? AND kind = 'hours_before' "
                "AND state = 'pending' AND due_at <= ?",
                (reminder["booking_id"], to_db(now)),
            )
        )

    async def _set_reminder(self, reminder_id: int, state: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE cnap_reminders SET state = ?, updated_at = ? WHERE id = ?",
            (state, to_db(now), reminder_id),
        )

    async def _add_reminders(
        self, booking_id: int, starts_at: datetime, settings: CnapSettings, now: datetime
    ) -> None:
        for kind, due_at in reminder_due_times(starts_at, settings, self._zone):
            if due_at > now:
                await self._db.execute(
                    "INSERT INTO cnap_reminders(booking_id, kind, due_at, state, updated_at) "
                    "VALUES (?, ?, ?, 'pending', ?)",
                    (booking_id, kind, to_db(due_at), to_db(now)),
                )

    async def _drop_reminders(self, booking_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE cnap_reminders SET state = 'dropped', updated_at = ? "
            "WHERE booking_id = ? AND state = 'pending'",
            (to_db(now), booking_id),
        )

    # --- internals ------------------------------------------------------------------------

    async def _offer(self, place_code: str, service_code: str) -> tuple[CnapConfig, Place, Service]:
        config = await self.config()
        place, service = config.place(place_code), config.service(service_code)
        if place is None or service is None or not service.offered_at(place.code):
            raise UnknownCode(f"{service_code} at {place_code}")
        return config, place, service

    @staticmethod
    def _resolve(config: CnapConfig, booking: Booking) -> tuple[Place, Service]:
        """Place and service of an existing booking; gone from the file means not bookable."""
        place, service = config.place(booking.place_code), config.service(booking.service_code)
        if place is None or service is None:
            raise SlotUnavailable("not_in_schedule")
        return place, service

    async def _runs_by_day(
        self,
        config: CnapConfig,
        place: Place,
        service: Service,
        days: Sequence[date],
        now: datetime,
        exclude: int | None = None,
    ) -> dict[date, list[_Run]]:
        days = sorted(days)
        grids = [self._grid(config, place, day) for day in days]
        slots = [s for grid in grids for s in grid]  # in time order: days do not overlap
        if not slots:
            return {day: [] for day in days}
        occupied, closures = await self._obstacles(
            place.code, slots[0].starts_at, slots[-1].ends_at, now, exclude
        )
        used, shut = _overlap_counts(slots, occupied), _overlap_counts(slots, closures)
        need = slots_needed(service, place)
        by_day, first = {}, 0
        for day, grid in zip(days, grids, strict=True):
            last = first + len(grid)
            by_day[day] = _runs(grid, need, place.capacity, used[first:last], shut[first:last])
            first = last
        return by_day

    def _grid(self, config: CnapConfig, place: Place, day: date) -> list[GridSlot]:
        """Schedule slots are pure arithmetic on the file: kept until the file changes."""
        key = (place.code, day)
        grid = self._grids.get(key)
        if grid is None:
            if len(self._grids) > 5000:
                self._grids.clear()
            grid = self._grids[key] = day_grid(config, place, day, self._zone)
        return grid

    async def _obstacles(
        self, place_code: str, start: datetime, end: datetime, now: datetime, exclude: int | None
    ) -> tuple[list[tuple[datetime, datetime]], list[tuple[datetime, datetime]]]:
        """Visits that take a window and closures of the place between `start` and `end`."""
        rows = await self._db.fetchall(
            "SELECT 0 AS closure, starts_at, ends_at FROM cnap_bookings WHERE place_code = ? "
            "AND starts_at >= ? AND starts_at < ? AND ends_at > ? AND id IS NOT ? "
            f"AND {_OCCUPIES} UNION ALL "
            "SELECT 1, starts_at, ends_at FROM cnap_closures WHERE place_code = ? "
            "AND ends_at > ? AND starts_at < ?",
            (
                place_code,
                to_db(start - _LONGEST_VISIT),
                to_db(end),
                to_db(start),
                exclude,
                to_db(now),
                place_code,
                to_db(start),
                to_db(end),
            ),
        )
        spans: tuple[list[tuple[datetime, datetime]], list[tuple[datetime, datetime]]] = ([], [])
        for row in rows:
            spans[row["closure"]].append((_from_db(row["starts_at"]), _from_db(row["ends_at"])))
        return spans

    async def _bookable_run(
        self,
        config: CnapConfig,
        place: Place,
        service: Service,
        starts_at: datetime,
        now: datetime,
        *,
        exclude: int | None = None,
        window: bool = True,
    ) -> _Run:
        """The visit starting at `starts_at`, or the reason it cannot be booked."""
        if starts_at <= now:
            raise SlotUnavailable("past")
        day = starts_at.astimezone(self._zone).date()
        days = self.booking_window(config.settings)
        if window and day not in days:
            raise OutsideWindow(days[0], days[-1])
        runs = (await self._runs_by_day(config, place, service, [day], now, exclude))[day]
        run = next((r for r in runs if r.starts_at == starts_at), None)
        if run is None:
            raise SlotUnavailable("not_in_schedule")
        if run.closed:
            raise SlotUnavailable("closed")
        if run.free <= 0:
            raise SlotUnavailable("full")
        return run

    async def _get(self, booking_id: int) -> Booking:
        row = await self._db.fetchone("SELECT * FROM cnap_bookings WHERE id = ?", (booking_id,))
        if row is None:
            raise NotFound()
        return _booking(row)

    async def _owned(self, booking_id: int, resident_id: int, *, holds: bool = True) -> Booking:
        row = await self._db.fetchone(
            "SELECT * FROM cnap_bookings WHERE id = ? AND resident_id = ?",
            (booking_id, resident_id),
        )
        if row is None or (not holds and row["status"] == "held"):
            raise NotFound()
        return _booking(row)

    @staticmethod
    def _require_upcoming(booking: Booking, now: datetime) -> None:
        if booking.status != "booked":
            raise WrongState(booking.status)
        if booking.starts_at <= now:
            raise TooLate()

    async def _cancel_row(
        self, booking_id: int, reason: CancelReason, now: datetime, moved_to: int | None = None
    ) -> None:
        await self._db.execute(
            "UPDATE cnap_bookings SET status = 'cancelled', cancel_reason = ?, moved_to = ?, "
            "updated_at = ? WHERE id = ?",
            (reason, moved_to, to_db(now), booking_id),
        )
        await self._drop_reminders(booking_id, now)

    async def _with_new_code(self, sql: str, params: Callable[[str], Sequence[Any]]) -> int:
        """Run a statement that gives a booking a short random code, unique over all
        bookings (the UNIQUE constraint decides): four digits while they last."""
        attempt = 0
        while True:
            digits = 4 + attempt // 5
            number = 10 ** (digits - 1) + secrets.randbelow(9 * 10 ** (digits - 1))
            try:
                return await self._db.execute(sql, params(f"{_CODE_PREFIX}{number}"))
            except sqlite3.IntegrityError as error:
                if "cnap_bookings.code" not in str(error):
                    raise
            attempt += 1


def _open(run: _Run, now: datetime) -> bool:
    return run.free > 0 and not run.closed and run.starts_at > now
