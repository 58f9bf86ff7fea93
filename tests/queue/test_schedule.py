"""Schedule slots from working hours: lunch breaks, short days, closed dates, and exact
instants across the DST changes."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest

from storage.queue.config import CnapConfig
from storage.queue.schedule import KYIV, day_grid
from tests.harness import FakeClock, utc
from tests.queue.world import (
    MON,
    WorldFactory,
    cnap_of,
    kyiv,
    main_on_sunday,
)


def starts(config: CnapConfig, place: str, day: date) -> list[datetime]:
    found = config.place(place)
    assert found is not None
    return [s.starts_at for s in day_grid(config, found, day, KYIV)]


def test_a_weekday_has_slots_around_the_lunch_break() -> None:
    grid = starts(cnap_of(), "main", MON)
    morning = [kyiv(MON, 8) + timedelta(minutes=15 * i) for i in range(16)]
    afternoon = [kyiv(MON, 13) + timedelta(minutes=15 * i) for i in range(16)]
    assert grid == morning + afternoon
    assert grid[0] == utc(2026, 11, 23, 6, 0)


def test_saturday_is_short_and_sunday_is_closed() -> None:
    config = cnap_of()
    saturday = MON + timedelta(days=5)
    assert starts(config, "main", saturday) == [
        kyiv(saturday, 8) + timedelta(minutes=15 * i) for i in range(20)
    ]
    assert starts(config, "main", saturday + timedelta(days=1)) == []


def test_closed_dates_and_exceptions() -> None:
    config = cnap_of()
    assert starts(config, "main", date(2026, 12, 25)) == []
    assert starts(config, "ozerne", date(2026, 12, 25)) == []  # closed for every place
    assert len(starts(config, "ozerne", date(2026, 12, 18))) == 9  # a Friday: 09:00-12:00
    assert starts(config, "main", date(2027, 1, 1)) == []
    short_day = starts(config, "main", date(2026, 12, 31))
    assert (short_day[0], short_day[-1]) == (
        kyiv(date(2026, 12, 31), 8),
        kyiv(date(2026, 12, 31), 12, 45),
    )


@pytest.mark.parametrize(
    ("day", "nine_local_in_utc"),
    [
        (date(2026, 3, 27), utc(2026, 3, 27, 7, 0)),  # Friday before spring forward
        (date(2026, 3, 30), utc(2026, 3, 30, 6, 0)),  # Monday after
        (date(2026, 10, 23), utc(2026, 10, 23, 6, 0)),  # Friday before fall back
        (date(2026, 10, 26), utc(2026, 10, 26, 7, 0)),  # Monday after
    ],
)
def test_nine_local_is_seven_utc_in_winter_and_six_in_summer(
    day: date, nine_local_in_utc: datetime
) -> None:
    assert starts(cnap_of(), "main", day)[4] == nine_local_in_utc


@pytest.mark.parametrize(
    ("day", "first", "last_end"),
    [
        (date(2026, 3, 29), utc(2026, 3, 29, 5, 0), utc(2026, 3, 29, 14, 0)),
        (date(2026, 10, 25), utc(2026, 10, 25, 6, 0), utc(2026, 10, 25, 15, 0)),
    ],
)
def test_dst_change_days(day: date, first: datetime, last_end: datetime) -> None:
    config = cnap_of(main_on_sunday("08:00-12:00", "13:00-17:00"))
    place = config.place("main")
    assert place is not None
    grid = day_grid(config, place, day, KYIV)
    assert len(grid) == 32
    assert (grid[0].starts_at, grid[-1].ends_at) == (first, last_end)


def test_hours_across_the_clock_change_neither_repeat_nor_vanish() -> None:
    night = cnap_of(main_on_sunday("02:00-05:00"))
    spring, autumn = date(2026, 3, 29), date(2026, 10, 25)
    # Spring: 02:00-03:00 EET then 04:00-05:00 EEST, two real hours.
    assert starts(night, "main", spring) == [
        utc(2026, 3, 29, 0, 0) + timedelta(minutes=15 * i) for i in range(8)
    ]
    # Autumn: 03:00-04:00 is lived twice, four real hours, every slot once.
    assert starts(night, "main", autumn) == [
        utc(2026, 10, 24, 23, 0) + timedelta(minutes=15 * i) for i in range(16)
    ]
    # Opening at a time the spring jump skips: the first real moment after it.
    assert starts(cnap_of(main_on_sunday("03:15-05:00")), "main", spring)[0] == utc(
        2026, 3, 29, 1, 0
    )
    split = cnap_of(main_on_sunday("02:00-03:30", "03:45-05:00"))
    place = split.place("main")
    assert place is not None
    grid = day_grid(split, place, autumn, KYIV)
    assert all(a.ends_at <= b.starts_at for a, b in itertools.pairwise(grid))


async def test_free_slots_on_the_spring_change_day(
    open_world: WorldFactory, clock: FakeClock
) -> None:
    clock.now = utc(2026, 3, 28, 10, 0)
    world = await open_world(main_on_sunday("08:00-12:00"))
    slots = await world.availability.free_slots("main", "consultation", date(2026, 3, 29))
    assert [s.starts_at for s in slots][:2] == [utc(2026, 3, 29, 5, 0), utc(2026, 3, 29, 5, 15)]
