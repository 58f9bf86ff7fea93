"""Time arithmetic of the e-queue, with no database: local wall times to exact instants across
DST changes, a place's schedule slots on a day, and which slots a visit or closure covers."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.queue.config import CnapConfig, CnapSettings, Place, Service
from storage.queue.models import GridSlot, ReminderKind, Run

KYIV = ZoneInfo("Europe/Kyiv")
_MIDNIGHT = time(0, 0)


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


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return local_instant(datetime.combine(day, _MIDNIGHT), zone)


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants a local day starts and ends."""
    return local_midnight(day, zone), local_midnight(day + timedelta(days=1), zone)


def month_bounds(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants the local calendar month of `now` starts and ends."""
    first = now.astimezone(zone).date().replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return local_midnight(first, zone), local_midnight(following, zone)


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


def overlap_counts(
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


def runs(
    grid: Sequence[GridSlot], need: int, capacity: int, used: Sequence[int], shut: Sequence[int]
) -> list[Run]:
    """Every start of `need` consecutive slots of one interval; `used` and `shut` count the
    visits and closures overlapping each slot."""
    found = []
    for first in range(len(grid) - need + 1):
        last = first + need - 1
        if grid[last].interval != grid[first].interval:
            continue  # a visit does not run into the lunch break
        found.append(
            Run(
                starts_at=grid[first].starts_at,
                ends_at=grid[last].ends_at,
                free=capacity - max(used[first : last + 1]),
                closed=max(shut[first : last + 1]) > 0,
            )
        )
    return found


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
