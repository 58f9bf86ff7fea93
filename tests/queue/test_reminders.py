"""Reminders: due times in Kyiv, dropped with their booking, switched off by the resident,
taken once across processes, and after downtime only the message that still makes sense."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from storage.queue.errors import (
    WrongState,
)
from tests.harness import FakeClock, utc
from tests.queue.world import (
    MON,
    THU,
    TUE,
    WED,
    World,
    WorldFactory,
    kyiv,
)


async def test_reminder_due_times(world: World) -> None:
    resident = await world.resident()
    wednesday = await world.book(resident, kyiv(WED, 10))
    assert await world.reminder_rows(wednesday.id) == {
        "day_before": ("2026-11-24T16:00:00Z", "pending"),  # 18:00 in Kyiv the day before
        "hours_before": ("2026-11-25T06:00:00Z", "pending"),
    }
    today = await world.book(resident, kyiv(MON, 16))
    assert await world.reminder_rows(today.id) == {
        "hours_before": ("2026-11-23T12:00:00Z", "pending")
    }
    other = await world.resident()
    soon = await world.book(other, kyiv(MON, 10))
    assert await world.reminder_rows(soon.id) == {}


async def test_reminders_of_cancelled_and_moved_bookings_are_dropped(world: World) -> None:
    resident = await world.resident()
    cancelled = await world.book(resident, kyiv(WED, 10))
    await world.bookings.cancel(cancelled.id, resident)
    moved = await world.book(resident, kyiv(WED, 11))
    new = await world.bookings.reschedule(moved.id, resident, kyiv(THU, 11))
    for gone in (cancelled, moved):
        assert {s for _, s in (await world.reminder_rows(gone.id)).values()} == {"dropped"}
    due = await world.reminders.due(utc(2027, 1, 1))
    assert [(d.booking.id, d.kind) for d in due] == [
        (new.id, "day_before"),
        (new.id, "hours_before"),
    ]


async def test_a_resident_may_switch_reminders_off(world: World) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(WED, 10))
    assert await world.bookings.reminder_preferences(booking.id, resident) == {
        "day_before": True,
        "hours_before": True,
    }
    await world.bookings.set_reminder(booking.id, resident, "day_before", False)
    assert await world.bookings.reminder_preferences(booking.id, resident) == {
        "day_before": False,
        "hours_before": True,
    }
    assert [d.kind for d in await world.reminders.due(kyiv(WED, 9))] == ["hours_before"]
    await world.bookings.set_reminder(booking.id, resident, "day_before", True)
    assert len(await world.reminders.due(kyiv(WED, 9))) == 2
    await world.bookings.cancel(booking.id, resident)
    assert await world.bookings.reminder_preferences(booking.id, resident) == {}
    with pytest.raises(WrongState):
        await world.bookings.set_reminder(booking.id, resident, "day_before", True)


async def test_a_reminder_is_taken_once(open_world: WorldFactory) -> None:
    one = await open_world()
    two = await open_world(load=False)
    resident = await one.resident()
    booking = await one.book(resident, kyiv(WED, 10))
    eve = kyiv(TUE, 18)
    [due] = await one.reminders.due(eve)
    assert (due.kind, due.due_at, due.booking) == ("day_before", eve, booking)
    assert await one.reminders.take(due.id, eve - timedelta(minutes=1)) is False  # not yet
    taken = await asyncio.gather(*(w.reminders.take(due.id, eve) for w in (one, two, one, two)))
    assert sorted(taken) == [False, False, False, True]
    assert await one.reminders.due(eve) == []


async def test_reminders_that_fell_due_while_down(world: World, clock: FakeClock) -> None:
    first, second = await world.resident(), await world.resident()
    soon = await world.book(first, kyiv(WED, 10))
    later = await world.book(second, kyiv(THU, 10))
    back = kyiv(WED, 9)  # down since Tuesday afternoon
    due = {(d.booking.id, d.kind): d.id for d in await world.reminders.due(back)}
    assert set(due) == {(soon.id, "day_before"), (soon.id, "hours_before")}
    # Both reminders of one visit are due: only the nearer message is sent.
    assert await world.reminders.take(due[soon.id, "day_before"], back) is False
    assert await world.reminders.take(due[soon.id, "hours_before"], back) is True
    assert (await world.reminder_rows(soon.id))["day_before"][1] == "dropped"
    back = kyiv(THU, 7)  # the eve reminder is late, the visit still ahead
    [eve] = await world.reminders.due(back)
    assert await world.reminders.take(eve.id, back) is True
    back = kyiv(THU, 12)  # down through the visit
    [hours] = await world.reminders.due(back)
    assert await world.reminders.take(hours.id, back) is False
    assert await world.reminder_rows(later.id) == {
        "day_before": ("2026-11-25T16:00:00Z", "enqueued"),
        "hours_before": ("2026-11-26T06:00:00Z", "dropped"),
    }
