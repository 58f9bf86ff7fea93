"""Capacity holds under concurrency (many residents, two processes) and a confirmation or a
move is written whole or not at all, whatever statement a crash hits."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from storage.database import Database
from storage.queue.errors import (
    SlotUnavailable,
)
from tests.queue.world import (
    NAME,
    WED,
    World,
    WorldFactory,
    kyiv,
    main_capacity,
    phone_of,
)


async def race(world: World, resident: int, slot: datetime) -> str:
    try:
        held = await world.bookings.hold(resident, "main", "consultation", slot)
        await asyncio.sleep(0)  # let the others in between hold and confirm
        await world.bookings.confirm(held.id, resident, NAME, phone_of(resident))
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
    reminders = await world.reminder_rows(booking_id)
    return row["status"], row["code"] is not None, sorted(s for _, s in reminders.values())


WHOLE = ("booked", True, ["pending", "pending"])


NONE_OF_IT: tuple[str, bool, list[str]] = ("held", False, [])


@pytest.mark.parametrize("crash", CRASHES, ids=["error", "cancelled-error", "task-cancelled"])
async def test_a_confirmation_is_written_whole_or_not_at_all(
    world: World, monkeypatch: pytest.MonkeyPatch, crash: Crash
) -> None:
    slots = await world.availability.free_slots("main", "consultation", WED)
    crashes = 0
    for at in range(1, len(slots)):
        resident = await world.resident()
        held = await world.bookings.hold(resident, "main", "consultation", slots[at].starts_at)
        work = world.bookings.confirm(held.id, resident, NAME, phone_of(resident))
        if not await crashed(monkeypatch, world.db, at, crash, work):
            assert await booking_state(world, held.id) == WHOLE
            break
        crashes += 1
        assert await booking_state(world, held.id) == NONE_OF_IT
        # after the restart
        await world.bookings.confirm(held.id, resident, NAME, phone_of(resident))
        assert await booking_state(world, held.id) == WHOLE
    assert crashes >= 7  # every statement of the confirmation was hit once


@pytest.mark.parametrize("crash", CRASHES, ids=["error", "cancelled-error", "task-cancelled"])
async def test_a_move_is_written_whole_or_not_at_all(
    world: World, monkeypatch: pytest.MonkeyPatch, crash: Crash
) -> None:
    slots = await world.availability.free_slots("main", "consultation", WED)
    crashes = 0
    for at in range(1, len(slots)):
        resident = await world.resident()
        old = await world.book(resident, slots[at].starts_at)
        target = slots[at].starts_at + timedelta(days=1)
        work = world.bookings.reschedule(old.id, resident, target)
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
    held = await world.bookings.hold(resident, "main", "consultation", kyiv(WED, 10))
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
        work = world.bookings.confirm(held.id, resident, NAME, phone_of(resident))
        task = asyncio.ensure_future(work)
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert not connection.in_transaction
    confirmed = await world.bookings.confirm(held.id, resident, NAME, phone_of(resident))
    assert confirmed.status == "booked"
