"""The ЦНАП e-queue domain without a bot: slots from working hours (DST included), holds and
bookings under concurrency and crashes, limits, ownership, closures, marks and reminders."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from storage.booking import (
    KYIV,
    AlreadyRated,
    Booking,
    BookingService,
    CnapNotConfigured,
    HoldExpired,
    LimitProblem,
    LimitReached,
    NotFound,
    OutsideWindow,
    SlotUnavailable,
    TooEarly,
    TooLate,
    UnknownCode,
    WrongState,
    day_grid,
    normalise_code,
)
from storage.cnap import CnapConfig
from storage.community import (
    CommunityFile,
    CommunityFileError,
    CommunityRepository,
    parse_community,
)
from storage.database import Database
from tests.harness import DEMO_FILE, FakeClock, utc

NAME, PHONE = "Олена Петренко", "+380671234567"
# The conftest clock: Monday 2026-11-23, 09:00 in Kyiv. The booking window ends on Sunday Dec 6.
MON, TUE, WED, THU = (date(2026, 11, 23) + timedelta(days=i) for i in range(4))
Raw = dict[str, Any]
Mutation = Callable[[Raw], None]


def demo_raw() -> Raw:
    """demo.yaml with the ЦНАП section, whether or not it has been merged into it yet."""
    raw: Raw = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    return raw


def cnap_of(mutate: Mutation | None = None) -> CnapConfig:
    raw = demo_raw()
    if mutate:
        mutate(raw)
    cnap = CommunityFile.model_validate(raw).cnap
    assert cnap is not None
    return cnap


def place_raw(raw: Raw, code: str) -> Raw:
    found: Raw = next(p for p in raw["cnap"]["places"] if p["code"] == code)
    return found


def main_capacity(capacity: int) -> Mutation:
    def mutate(raw: Raw) -> None:
        place_raw(raw, "main")["capacity"] = capacity

    return mutate


def main_on_sunday(*hours: str) -> Mutation:
    def mutate(raw: Raw) -> None:
        place_raw(raw, "main")["schedule"]["sun"] = list(hours)

    return mutate


def kyiv(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=KYIV).astimezone(UTC)


@dataclass
class World:
    db: Database
    clock: FakeClock
    queue: BookingService

    async def resident(self) -> int:
        return await self.db.execute(
            "INSERT INTO residents(created_at) VALUES ('2026-01-01T00:00:00Z')"
        )

    async def book(
        self,
        resident_id: int,
        starts_at: datetime,
        service: str = "consultation",
        place: str = "main",
    ) -> Booking:
        held = await self.queue.hold(resident_id, place, service, starts_at)
        return await self.queue.confirm(held.id, resident_id, NAME, PHONE)

    async def value(self, sql: str, *params: Any) -> Any:
        return await self.db.fetchval(sql, params)

    async def reminders(self, booking_id: int) -> dict[str, tuple[str, str]]:
        rows = await self.db.fetchall(
            "SELECT kind, due_at, state FROM cnap_reminders WHERE booking_id = ?", (booking_id,)
        )
        return {r["kind"]: (r["due_at"], r["state"]) for r in rows}


WorldFactory = Callable[..., Awaitable[World]]


@pytest.fixture
async def open_world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[WorldFactory]:
    """Open a database file (the same file twice = two processes) with the demo community."""
    opened: list[Database] = []

    async def factory(mutate: Mutation | None = None, *, load: bool = True) -> World:
        db = await Database.open(tmp_path / "queue.sqlite3")
        opened.append(db)
        community = CommunityRepository(db, clock)
        if load:
            raw = demo_raw()
            if mutate:
                mutate(raw)
            await community.load(CommunityFile.model_validate(raw))
        return World(db, clock, BookingService(db, community, clock, KYIV))

    yield factory
    for db in opened:
        await db.close()


@pytest.fixture
async def world(open_world: WorldFactory) -> World:
    return await open_world()


# --- the community file -----------------------------------------------------------------


def test_the_demo_cnap_section_is_valid() -> None:
    cnap = cnap_of()
    assert len(cnap.services) >= 15
    assert [(p.code, p.kind, p.capacity, p.slot_minutes) for p in cnap.places] == [
        ("main", "main", 3, 15),
        ("kalynivka", "remote", 1, 20),
        ("ozerne", "remote", 1, 20),
    ]
    assert {date(2026, 12, 25), date(2027, 1, 1)} <= set(cnap.closed_dates)
    assert all(s.bring.en for s in cnap.services)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("places", 1, "schedule", "tue", 0), "9:00-12:00", "cnap.places[1].schedule.tue[0]"),
        (("places", 0, "schedule", "sat", 0), "13:00-08:00", "ends before it starts"),
        (("places", 0, "schedule", "mon"), ["13:00-17:00", "08:00-12:00"], "schedule.mon"),
        (("places", 0, "schedule", "mon"), ["08:00-12:30", "12:00-17:00"], "overlaps"),
        (("places", 2, "settlement"), "atlantis", "places[2].settlement: unknown settlement"),
        (("places", 0, "kind"), "mobile", "cnap.places[0].kind"),
        (("places", 0, "capacity"), 0, "cnap.places[0].capacity"),
        (("services", 0, "category"), "magic", "services[0].category: unknown category"),
        (("services", 0, "places"), ["nowhere"], "unknown place 'nowhere'"),
        (("services", 1, "code"), "id-card", "service code 'id-card' is used twice"),
        (("places", 1, "code"), "main", "place code 'main' is used twice"),
    ],
)
def test_a_bad_cnap_section_is_reported_with_its_path(
    path: tuple[str | int, ...], value: Any, expected: str
) -> None:
    raw = demo_raw()
    parent: Any = raw["cnap"]
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    with pytest.raises(CommunityFileError) as error:
        parse_community(yaml.safe_dump(raw, allow_unicode=True), "community.yaml")
    assert expected in str(error.value)
    assert str(error.value).startswith("community.yaml: cnap")


async def test_the_section_survives_loading_into_the_database(world: World) -> None:
    assert await world.queue.config() == cnap_of()


# --- slots from working hours ------------------------------------------------------------


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
    slots = await world.queue.free_slots("main", "consultation", date(2026, 3, 29))
    assert [s.starts_at for s in slots][:2] == [utc(2026, 3, 29, 5, 0), utc(2026, 3, 29, 5, 15)]


# --- what is offered ---------------------------------------------------------------------


async def test_available_days_are_the_window_without_closed_days(world: World) -> None:
    window = [MON + timedelta(days=i) for i in range(14)]
    assert await world.queue.available_days("main", "consultation") == [
        d for d in window if d.weekday() != 6
    ]
    assert await world.queue.available_days("kalynivka", "consultation") == [
        d for d in window if d.weekday() in (1, 3)
    ]


async def test_past_slots_are_not_offered(world: World, clock: FakeClock) -> None:
    slots = await world.queue.free_slots("main", "consultation", MON)
    assert slots[0].starts_at == kyiv(MON, 9, 15)  # 09:00 is now
    assert {(s.capacity, s.free) for s in slots} == {(3, 3)}
    resident = await world.resident()
    with pytest.raises(SlotUnavailable) as error:
        await world.queue.hold(resident, "main", "consultation", kyiv(MON, 9))
    assert error.value.reason == "past"
    clock.now = kyiv(MON, 17)
    assert MON not in await world.queue.available_days("main", "consultation")


async def test_outside_the_window_or_the_schedule(world: World) -> None:
    resident = await world.resident()
    after_window = MON + timedelta(days=14)
    with pytest.raises(OutsideWindow):
        await world.queue.hold(resident, "main", "consultation", kyiv(after_window, 9))
    assert await world.queue.free_slots("main", "consultation", after_window) == []
    for off_grid in (kyiv(TUE, 9, 5), kyiv(TUE, 12, 30), kyiv(TUE, 17)):
        with pytest.raises(SlotUnavailable) as error:
            await world.queue.hold(resident, "main", "consultation", off_grid)
        assert error.value.reason == "not_in_schedule"
    with pytest.raises(UnknownCode):
        await world.queue.hold(resident, "kalynivka", "id-card", kyiv(TUE, 9))
    with pytest.raises(ValueError, match="time zone"):
        await world.queue.hold(resident, "main", "consultation", datetime(2026, 11, 24, 9))


async def test_a_full_day_is_not_offered(world: World) -> None:
    for slot in await world.queue.free_slots("kalynivka", "consultation", TUE):
        await world.book(await world.resident(), slot.starts_at, place="kalynivka")
    assert await world.value("SELECT COUNT(*) FROM cnap_bookings WHERE status = 'booked'") == 18
    assert await world.queue.free_slots("kalynivka", "consultation", TUE) == []
    days = await world.queue.available_days("kalynivka", "consultation")
    assert TUE not in days
    assert THU in days


async def test_a_long_visit_needs_consecutive_slots_of_one_interval(world: World) -> None:
    slots = await world.queue.free_slots("main", "id-card", TUE)  # 30 minutes = two slots
    offered = {s.starts_at for s in slots}
    assert kyiv(TUE, 11, 30) in offered
    assert kyiv(TUE, 11, 45) not in offered  # would run into the lunch break
    assert kyiv(TUE, 16, 30) in offered
    assert kyiv(TUE, 16, 45) not in offered  # would run past closing
    assert {s.ends_at - s.starts_at for s in slots} == {timedelta(minutes=30)}
    for _ in range(3):
        await world.book(await world.resident(), kyiv(TUE, 10, 15))
    offered = {s.starts_at for s in await world.queue.free_slots("main", "id-card", TUE)}
    assert kyiv(TUE, 10) not in offered
    assert kyiv(TUE, 10, 15) not in offered
    assert {kyiv(TUE, 9, 45), kyiv(TUE, 10, 30)} <= offered
    await world.book(await world.resident(), kyiv(TUE, 10, 30), "id-card")
    quarter = {
        s.starts_at: s.free for s in await world.queue.free_slots("main", "consultation", TUE)
    }
    assert (quarter[kyiv(TUE, 10, 30)], quarter[kyiv(TUE, 10, 45)], quarter[kyiv(TUE, 11)]) == (
        2,
        2,
        3,
    )


async def test_a_live_hold_takes_a_window_until_it_expires(world: World, clock: FakeClock) -> None:
    first, second = await world.resident(), await world.resident()
    slot = kyiv(TUE, 9)
    held = await world.queue.hold(first, "kalynivka", "consultation", slot)
    assert held.status == "held"
    assert held.hold_expires_at == clock.now + timedelta(minutes=5)
    with pytest.raises(SlotUnavailable) as error:
        await world.queue.hold(second, "kalynivka", "consultation", slot)
    assert error.value.reason == "full"
    assert TUE in await world.queue.available_days("kalynivka", "consultation")
    assert slot not in {
        s.starts_at for s in await world.queue.free_slots("kalynivka", "consultation", TUE)
    }
    clock.advance(minutes=6)
    taken = await world.queue.hold(second, "kalynivka", "consultation", slot)
    with pytest.raises(HoldExpired):
        await world.queue.confirm(held.id, first, NAME, PHONE)
    assert (await world.queue.confirm(taken.id, second, NAME, PHONE)).status == "booked"


async def test_a_lapsed_hold_still_books_a_free_slot(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    held = await world.queue.hold(resident, "kalynivka", "consultation", kyiv(TUE, 9))
    clock.advance(minutes=30)
    booked = await world.queue.confirm(held.id, resident, f"  {NAME} ", PHONE)
    assert (booked.status, booked.full_name, booked.hold_expires_at) == ("booked", NAME, None)
    assert await world.queue.confirm(held.id, resident, NAME, PHONE) == booked  # a second tap


async def test_holding_another_slot_releases_the_first(world: World) -> None:
    first, second = await world.resident(), await world.resident()
    await world.queue.hold(first, "kalynivka", "consultation", kyiv(TUE, 9))
    await world.queue.hold(first, "kalynivka", "consultation", kyiv(TUE, 9, 20))
    await world.queue.hold(second, "kalynivka", "consultation", kyiv(TUE, 9))
    with pytest.raises(SlotUnavailable):  # a failed hold keeps the one the resident had
        await world.queue.hold(first, "kalynivka", "consultation", kyiv(TUE, 9))
    held = await world.db.fetchall(
        "SELECT resident_id, starts_at FROM cnap_bookings WHERE status = 'held' ORDER BY id"
    )
    assert [(r[0], r[1]) for r in held] == [
        (first, "2026-11-24T07:20:00Z"),
        (second, "2026-11-24T07:00:00Z"),
    ]
    first_hold = await world.db.fetchval(
        "SELECT id FROM cnap_bookings WHERE resident_id = ?", (first,)
    )
    await world.queue.release_hold(first_hold, first)
    free = await world.queue.free_slots("kalynivka", "consultation", TUE)
    assert kyiv(TUE, 9, 20) in {s.starts_at for s in free}


# --- concurrency -------------------------------------------------------------------------


async def race(world: World, resident: int, slot: datetime) -> str:
    try:
        held = await world.queue.hold(resident, "main", "consultation", slot)
        await asyncio.sleep(0)  # let the others in between hold and confirm
        await world.queue.confirm(held.id, resident, NAME, PHONE)
    except SlotUnavailable as error:
        return error.reason
    return "booked"


async def test_two_hundred_residents_race_for_two_windows(open_world: WorldFactory) -> None:
    world = await open_world(main_capacity(2))
    residents = [await world.resident() for _ in range(200)]
    slot = kyiv(WED, 10)
    outcomes = await asyncio.gather(*(race(world, r, slot) for r in residents))
    assert sorted(set(outcomes)) == ["booked", "full"]
    assert outcomes.count("booked") == 2
    assert await world.value("SELECT COUNT(*) FROM cnap_bookings WHERE status = 'booked'") == 2


async def test_two_processes_race_for_two_windows(open_world: WorldFactory) -> None:
    one = await open_world(main_capacity(2))
    two = await open_world(load=False)
    residents = [await one.resident() for _ in range(200)]
    slot = kyiv(WED, 10)
    outcomes = await asyncio.gather(
        *(race(one if i % 2 else two, r, slot) for i, r in enumerate(residents))
    )
    assert outcomes.count("booked") == 2
    assert await two.value("SELECT COUNT(*) FROM cnap_bookings WHERE status = 'booked'") == 2


# --- crashes -----------------------------------------------------------------------------


# How a crash hits a statement: an exception raised in its place, or the task running it
# cancelled while the statement is under way (the cancellation arrives at its next await).
Crash = type[BaseException] | None
CRASHES: list[Crash] = [RuntimeError, asyncio.CancelledError, None]


def crash_at(monkeypatch: pytest.MonkeyPatch, db: Database, at: int, crash: Crash) -> None:
    """The `at`-th statement from now crashes."""
    calls = 0

    def failing(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def statement(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == at:
                if crash is not None:
                    raise crash("crash")
                task = asyncio.current_task()
                assert task is not None
                task.cancel()
            return await original(*args, **kwargs)

        return statement

    for name in ("execute", "fetchone", "fetchall"):
        monkeypatch.setattr(db, name, failing(getattr(db, name)))


async def crashed(
    monkeypatch: pytest.MonkeyPatch, db: Database, at: int, crash: Crash, work: Awaitable[Any]
) -> bool:
    """Run `work` in its own task with a crash armed; True if the crash stopped it."""
    with monkeypatch.context() as patch:
        crash_at(patch, db, at, crash)
        task = asyncio.ensure_future(work)
        try:
            await task
        except (RuntimeError, asyncio.CancelledError):
            return True
    return False


async def booking_state(world: World, booking_id: int) -> tuple[str, bool, list[str]]:
    row = await world.db.fetchone(
        "SELECT status, code FROM cnap_bookings WHERE id = ?", (booking_id,)
    )
    assert row is not None
    reminders = await world.reminders(booking_id)
    return row["status"], row["code"] is not None, sorted(s for _, s in reminders.values())


WHOLE = ("booked", True, ["pending", "pending"])
NONE_OF_IT: tuple[str, bool, list[str]] = ("held", False, [])


@pytest.mark.parametrize("crash", CRASHES, ids=["error", "cancelled-error", "task-cancelled"])
async def test_a_confirmation_is_written_whole_or_not_at_all(
    world: World, monkeypatch: pytest.MonkeyPatch, crash: Crash
) -> None:
    slots = await world.queue.free_slots("main", "consultation", WED)
    crashes = 0
    for at in range(1, len(slots)):
        resident = await world.resident()
        held = await world.queue.hold(resident, "main", "consultation", slots[at].starts_at)
        work = world.queue.confirm(held.id, resident, NAME, PHONE)
        if not await crashed(monkeypatch, world.db, at, crash, work):
            assert await booking_state(world, held.id) == WHOLE
            break
        crashes += 1
        assert await booking_state(world, held.id) == NONE_OF_IT
        await world.queue.confirm(held.id, resident, NAME, PHONE)  # after the restart
        assert await booking_state(world, held.id) == WHOLE
    assert crashes >= 7  # every statement of the confirmation was hit once


@pytest.mark.parametrize("crash", CRASHES, ids=["error", "cancelled-error", "task-cancelled"])
async def test_a_move_is_written_whole_or_not_at_all(
    world: World, monkeypatch: pytest.MonkeyPatch, crash: Crash
) -> None:
    slots = await world.queue.free_slots("main", "consultation", WED)
    crashes = 0
    for at in range(1, len(slots)):
        resident = await world.resident()
        old = await world.book(resident, slots[at].starts_at)
        target = slots[at].starts_at + timedelta(days=1)
        work = world.queue.reschedule(old.id, resident, target)
        crashes += await crashed(monkeypatch, world.db, at, crash, work)
        rows = await world.db.fetchall(
            "SELECT id, status, cancel_reason, moved_to FROM cnap_bookings WHERE resident_id = ? "
            "ORDER BY id",
            (resident,),
        )
        if len(rows) == 1:
            assert await booking_state(world, old.id) == WHOLE
            continue
        new_id = rows[1]["id"]
        assert tuple(rows[0])[1:] == ("cancelled", "moved", new_id)
        assert await booking_state(world, old.id) == ("cancelled", True, ["dropped", "dropped"])
        assert await booking_state(world, new_id) == WHOLE
        break
    assert crashes >= 8


async def test_a_task_cancelled_while_its_transaction_begins_leaves_none_open(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = await world.resident()
    held = await world.queue.hold(resident, "main", "consultation", kyiv(WED, 10))
    connection: Any = world.db._conn
    begin = connection.execute

    def cancelled_begin(sql: str, *args: Any) -> Any:
        if sql.startswith("BEGIN"):
            task = asyncio.current_task()
            assert task is not None
            task.cancel()
        return begin(sql, *args)

    with monkeypatch.context() as patch:
        patch.setattr(connection, "execute", cancelled_begin)
        task = asyncio.ensure_future(world.queue.confirm(held.id, resident, NAME, PHONE))
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert not connection.in_transaction
    assert (await world.queue.confirm(held.id, resident, NAME, PHONE)).status == "booked"


# --- limits ------------------------------------------------------------------------------


async def test_the_active_limit(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    first = await world.book(resident, kyiv(TUE, 9))
    await world.book(resident, kyiv(TUE, 10))
    assert await world.queue.check_limits(resident) == LimitProblem("active", 2, 2)
    with pytest.raises(LimitReached) as error:
        await world.queue.hold(resident, "main", "consultation", kyiv(TUE, 11))
    assert error.value.problem.kind == "active"
    await world.queue.cancel(first.id, resident)
    assert await world.queue.check_limits(resident) is None
    await world.book(resident, kyiv(TUE, 11))
    clock.now = kyiv(TUE, 10, 20)  # one visit is over
    assert await world.queue.check_limits(resident) is None


async def test_the_monthly_limit_counts_cancelled_bookings(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    for hour in (9, 10, 11, 13):
        booking = await world.book(resident, kyiv(TUE, hour))
        await world.queue.cancel(booking.id, resident)
    problem = await world.queue.check_limits(resident)
    assert problem == LimitProblem("monthly", 4, 4, until=date(2026, 12, 1))
    with pytest.raises(LimitReached):
        await world.queue.hold(resident, "main", "consultation", kyiv(TUE, 14))
    clock.now = kyiv(date(2026, 12, 1), 0, 1)
    assert await world.queue.check_limits(resident) is None


async def test_a_move_is_not_a_new_booking(world: World) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(TUE, 9))
    for hour in (10, 11, 13, 14):
        booking = await world.queue.reschedule(booking.id, resident, kyiv(TUE, hour))
    assert await world.queue.check_limits(resident) is None
    for hour in (9, 10):
        await world.queue.cancel((await world.book(resident, kyiv(WED, hour))).id, resident)
    assert await world.queue.check_limits(resident) is None  # 3 counted: 1 + 2
    await world.book(resident, kyiv(WED, 11))
    assert await world.queue.check_limits(resident) == LimitProblem("active", 2, 2)
    await world.queue.cancel(booking.id, resident)
    assert await world.queue.check_limits(resident) == LimitProblem(
        "monthly", 4, 4, date(2026, 12, 1)
    )


async def no_show(world: World, resident: int, starts_at: datetime) -> None:
    booking = await world.book(resident, starts_at)
    world.clock.now = starts_at + timedelta(minutes=20)
    await world.queue.mark(booking.id, "main", "no_show")


async def test_the_no_show_block_and_its_lift(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    await no_show(world, resident, kyiv(MON, 10))
    await no_show(world, resident, kyiv(MON, 11))
    assert await world.queue.check_limits(resident) is None
    await no_show(world, resident, kyiv(MON, 14))
    assert await world.queue.check_limits(resident) == LimitProblem("no_show", 3, 3)
    with pytest.raises(LimitReached):
        await world.queue.hold(resident, "main", "consultation", kyiv(TUE, 9))
    await world.queue.lift_noshow_block(resident, by_resident_id=None)
    assert await world.queue.check_limits(resident) is None
    december = date(2026, 12, 1)  # a new month, so that the monthly limit stays out of the way
    clock.now = kyiv(december, 9)
    await no_show(world, resident, kyiv(december, 10))
    await no_show(world, resident, kyiv(december, 11))
    assert await world.queue.check_limits(resident) is None  # only two since the lift
    await no_show(world, resident, kyiv(december, 14))
    assert await world.queue.check_limits(resident) == LimitProblem("no_show", 3, 3)


# --- ownership ---------------------------------------------------------------------------


async def test_another_residents_booking_is_not_found(world: World) -> None:
    owner, stranger = await world.resident(), await world.resident()
    booking = await world.book(owner, kyiv(TUE, 9))
    held = await world.queue.hold(owner, "main", "consultation", kyiv(TUE, 10))
    forged: list[Awaitable[Any]] = [
        world.queue.cancel(booking.id, stranger),
        world.queue.reschedule(booking.id, stranger, kyiv(TUE, 11)),
        world.queue.rate(booking.id, stranger, 5),
        world.queue.comment(booking.id, stranger, "!"),
        world.queue.get_for_resident(booking.id, stranger),
        world.queue.reminder_preferences(booking.id, stranger),
        world.queue.set_reminder(booking.id, stranger, "day_before", False),
        world.queue.confirm(held.id, stranger, NAME, PHONE),
        world.queue.mark(booking.id, "kalynivka", "arrived"),
        world.queue.get_at_place(booking.id, "ozerne"),
    ]
    for call in forged:
        with pytest.raises(NotFound):
            await call
    await world.queue.release_hold(held.id, stranger)
    assert (await world.queue.get_for_resident(booking.id, owner)).status == "booked"
    assert (await world.queue.get_for_resident(held.id, owner)).status == "held"


# --- the resident's own bookings ---------------------------------------------------------


async def test_cancel_and_reschedule_rules(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(TUE, 9))
    moved = await world.queue.reschedule(booking.id, resident, kyiv(WED, 9))
    assert (moved.status, moved.full_name, moved.phone) == ("booked", NAME, PHONE)
    assert moved.code != booking.code
    old = await world.queue.get_for_resident(booking.id, resident)
    assert (old.status, old.cancel_reason, old.moved_to) == ("cancelled", "moved", moved.id)
    with pytest.raises(WrongState):
        await world.queue.reschedule(booking.id, resident, kyiv(THU, 9))
    cancelled = await world.queue.cancel(moved.id, resident)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "resident")
    assert await world.queue.cancel(moved.id, resident) == cancelled  # a second tap
    late = await world.book(resident, kyiv(TUE, 10))
    clock.now = kyiv(TUE, 10, 5)
    with pytest.raises(TooLate):
        await world.queue.cancel(late.id, resident)
    assert [b.id for b in await world.queue.upcoming(resident)] == [late.id]
    assert [b.id for b in await world.queue.past(resident)] == [moved.id]
    assert await world.queue.count_for_resident(resident) == 3


async def test_codes_are_short_unique_and_found_by_digits(world: World) -> None:
    bookings = []
    for slot in (await world.queue.free_slots("main", "consultation", TUE))[:20]:
        bookings.append(await world.book(await world.resident(), slot.starts_at))
    codes = [b.code or "" for b in bookings]
    assert all(re.fullmatch(r"К-\d{4}", c) for c in codes)
    assert len(set(codes)) == len(codes)
    digits = codes[0][2:]
    for typed in (digits, f"K-{digits}", f"к{digits}"):
        assert normalise_code(typed) == codes[0]
        assert await world.queue.by_code("main", typed) == bookings[0]
    assert await world.queue.by_code("ozerne", digits) is None


# --- places and services -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("settlement", "order"),
    [
        ("kalynivka", ["kalynivka", "main", "ozerne"]),
        ("berezivka", ["kalynivka", "main", "ozerne"]),  # same starosta district
        ("lisove", ["ozerne", "main", "kalynivka"]),
        ("vyshneve", ["main", "kalynivka", "ozerne"]),
        ("yabluniv", ["main", "kalynivka", "ozerne"]),
        (None, ["main", "kalynivka", "ozerne"]),
    ],
)
async def test_places_nearest_first(world: World, settlement: str | None, order: list[str]) -> None:
    assert [p.code for p in await world.queue.places_for(settlement)] == order


async def test_services_and_categories_by_place(world: World) -> None:
    village = {s.code for s in await world.queue.services("kalynivka")}
    assert "residence-declare" in village
    assert "id-card" not in village
    assert [c.code for c in await world.queue.categories("kalynivka")] == [
        "residence",
        "social",
        "land",
        "other",
    ]
    assert [s.code for s in await world.queue.services("main", "business")] == [
        "fop-register",
        "fop-close",
    ]


# --- operator ----------------------------------------------------------------------------


async def test_a_closure_cancels_the_bookings_it_hits(world: World) -> None:
    operator = await world.resident()
    early = await world.book(await world.resident(), kyiv(TUE, 8))
    edge = await world.book(await world.resident(), kyiv(TUE, 8, 45), "id-card")  # to 09:15
    inside = await world.book(await world.resident(), kyiv(TUE, 10))
    late = await world.book(await world.resident(), kyiv(TUE, 15))
    affected = await world.queue.close(
        "main", kyiv(TUE, 9), kyiv(TUE, 12), "Відключення світла", operator
    )
    assert [b.id for b in affected] == [edge.id, inside.id]
    assert {(b.status, b.cancel_reason) for b in affected} == {("cancelled", "closed")}
    assert {state for _, state in (await world.reminders(inside.id)).values()} == {"dropped"}
    assert [b.id for b in await world.queue.day_list("main", TUE)] == [early.id, late.id]
    offered = {s.starts_at for s in await world.queue.free_slots("main", "consultation", TUE)}
    assert kyiv(TUE, 8, 45) in offered
    assert not any(kyiv(TUE, 9) <= s < kyiv(TUE, 12) for s in offered)
    resident = await world.resident()
    with pytest.raises(SlotUnavailable) as error:
        await world.queue.hold(resident, "main", "consultation", kyiv(TUE, 10, 30))
    assert error.value.reason == "closed"
    row = await world.db.fetchone("SELECT reason, created_by FROM cnap_closures")
    assert row is not None
    assert tuple(row) == ("Відключення світла", operator)


async def test_a_fully_closed_day_leaves_the_available_days(world: World) -> None:
    assert WED in await world.queue.available_days("main", "consultation")
    await world.queue.close("main", kyiv(WED, 0), kyiv(THU, 0), "Навчання персоналу", None)
    days = await world.queue.available_days("main", "consultation")
    assert WED not in days
    assert {TUE, THU} <= set(days)


async def test_marks_follow_the_visit(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(MON, 14))
    with pytest.raises(TooEarly):
        await world.queue.mark(booking.id, "main", "no_show")
    arrived = await world.queue.mark(booking.id, "main", "arrived")
    assert arrived.status == "arrived"
    assert {state for _, state in (await world.reminders(booking.id)).values()} == {"dropped"}
    assert (await world.queue.mark(booking.id, "main", "served")).status == "served"
    with pytest.raises(WrongState):
        await world.queue.mark(booking.id, "main", "no_show")
    cancelled = await world.book(resident, kyiv(MON, 15))
    await world.queue.cancel(cancelled.id, resident)
    with pytest.raises(WrongState):
        await world.queue.mark(cancelled.id, "main", "arrived")
    listed = await world.queue.day_list("main", MON)
    assert [(b.id, b.status) for b in listed] == [(booking.id, "served")]


async def test_rating_only_after_a_served_visit_and_once(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(MON, 10))
    with pytest.raises(WrongState):
        await world.queue.rate(booking.id, resident, 5)
    clock.now = kyiv(MON, 10, 10)
    await world.queue.mark(booking.id, "main", "served")
    with pytest.raises(ValueError, match="1 to 5"):
        await world.queue.rate(booking.id, resident, 6)
    rated = await world.queue.rate(booking.id, resident, 4)
    assert (rated.rating, rated.rating_comment) == (4, None)
    with pytest.raises(AlreadyRated):
        await world.queue.rate(booking.id, resident, 5)
    commented = await world.queue.comment(booking.id, resident, "  Швидко і   ввічливо ")
    assert commented.rating_comment == "Швидко і ввічливо"
    with pytest.raises(AlreadyRated):
        await world.queue.comment(booking.id, resident, "ще")


# --- reminders ---------------------------------------------------------------------------


async def test_reminder_due_times(world: World) -> None:
    resident = await world.resident()
    wednesday = await world.book(resident, kyiv(WED, 10))
    assert await world.reminders(wednesday.id) == {
        "day_before": ("2026-11-24T16:00:00Z", "pending"),  # 18:00 in Kyiv the day before
        "hours_before": ("2026-11-25T06:00:00Z", "pending"),
    }
    today = await world.book(resident, kyiv(MON, 16))
    assert await world.reminders(today.id) == {"hours_before": ("2026-11-23T12:00:00Z", "pending")}
    other = await world.resident()
    soon = await world.book(other, kyiv(MON, 10))
    assert await world.reminders(soon.id) == {}


async def test_reminders_of_cancelled_and_moved_bookings_are_dropped(world: World) -> None:
    resident = await world.resident()
    cancelled = await world.book(resident, kyiv(WED, 10))
    await world.queue.cancel(cancelled.id, resident)
    moved = await world.book(resident, kyiv(WED, 11))
    new = await world.queue.reschedule(moved.id, resident, kyiv(THU, 11))
    for gone in (cancelled, moved):
        assert {s for _, s in (await world.reminders(gone.id)).values()} == {"dropped"}
    due = await world.queue.due_reminders(utc(2027, 1, 1))
    assert [(d.booking.id, d.kind) for d in due] == [
        (new.id, "day_before"),
        (new.id, "hours_before"),
    ]


async def test_a_resident_may_switch_reminders_off(world: World) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(WED, 10))
    assert await world.queue.reminder_preferences(booking.id, resident) == {
        "day_before": True,
        "hours_before": True,
    }
    await world.queue.set_reminder(booking.id, resident, "day_before", False)
    assert await world.queue.reminder_preferences(booking.id, resident) == {
        "day_before": False,
        "hours_before": True,
    }
    assert [d.kind for d in await world.queue.due_reminders(kyiv(WED, 9))] == ["hours_before"]
    await world.queue.set_reminder(booking.id, resident, "day_before", True)
    assert len(await world.queue.due_reminders(kyiv(WED, 9))) == 2
    await world.queue.cancel(booking.id, resident)
    assert await world.queue.reminder_preferences(booking.id, resident) == {}
    with pytest.raises(WrongState):
        await world.queue.set_reminder(booking.id, resident, "day_before", True)


async def test_a_reminder_is_taken_once(open_world: WorldFactory) -> None:
    one = await open_world()
    two = await open_world(load=False)
    resident = await one.resident()
    booking = await one.book(resident, kyiv(WED, 10))
    eve = kyiv(TUE, 18)
    [due] = await one.queue.due_reminders(eve)
    assert (due.kind, due.due_at, due.booking) == ("day_before", eve, booking)
    assert await one.queue.take_reminder(due.id, eve - timedelta(minutes=1)) is False  # not yet
    taken = await asyncio.gather(
        *(w.queue.take_reminder(due.id, eve) for w in (one, two, one, two))
    )
    assert sorted(taken) == [False, False, False, True]
    assert await one.queue.due_reminders(eve) == []


async def test_reminders_that_fell_due_while_down(world: World, clock: FakeClock) -> None:
    first, second = await world.resident(), await world.resident()
    soon = await world.book(first, kyiv(WED, 10))
    later = await world.book(second, kyiv(THU, 10))
    back = kyiv(WED, 9)  # down since Tuesday afternoon
    due = {(d.booking.id, d.kind): d.id for d in await world.queue.due_reminders(back)}
    assert set(due) == {(soon.id, "day_before"), (soon.id, "hours_before")}
    # Both reminders of one visit are due: only the nearer message is sent.
    assert await world.queue.take_reminder(due[soon.id, "day_before"], back) is False
    assert await world.queue.take_reminder(due[soon.id, "hours_before"], back) is True
    assert (await world.reminders(soon.id))["day_before"][1] == "dropped"
    back = kyiv(THU, 7)  # the eve reminder is late, the visit still ahead
    [eve] = await world.queue.due_reminders(back)
    assert await world.queue.take_reminder(eve.id, back) is True
    back = kyiv(THU, 12)  # down through the visit
    [hours] = await world.queue.due_reminders(back)
    assert await world.queue.take_reminder(hours.id, back) is False
    assert await world.reminders(later.id) == {
        "day_before": ("2026-11-25T16:00:00Z", "enqueued"),
        "hours_before": ("2026-11-26T06:00:00Z", "dropped"),
    }


async def test_upcoming_visits_are_counted_for_statistics(world: World, clock: FakeClock) -> None:
    await world.book(await world.resident(), kyiv(MON, 10))
    await world.book(await world.resident(), kyiv(TUE, 10), place="kalynivka")
    assert await world.queue.count_upcoming() == 2
    assert await world.queue.count_upcoming("kalynivka") == 1
    clock.now = kyiv(MON, 11)
    assert await world.queue.count_upcoming("main") == 0


async def test_lapsed_holds_can_be_purged(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    await world.queue.hold(resident, "main", "consultation", kyiv(TUE, 9))
    assert await world.queue.purge_expired_holds(clock.now) == 0  # still live
    clock.advance(minutes=10)
    assert await world.queue.purge_expired_holds(clock.now) == 1
    assert await world.value("SELECT COUNT(*) FROM cnap_bookings") == 0


async def test_a_community_without_cnap(open_world: WorldFactory) -> None:
    world = await open_world(lambda raw: raw.pop("cnap"))
    with pytest.raises(CnapNotConfigured):
        await world.queue.available_days("main", "consultation")
