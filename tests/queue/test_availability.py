"""What a resident is offered: the booking window without closed or full days, no past
starts, visits of several slots inside one working interval."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from storage.queue.errors import (
    OutsideWindow,
    SlotUnavailable,
    UnknownCode,
)
from tests.harness import FakeClock
from tests.queue.world import (
    MON,
    NAME,
    THU,
    TUE,
    Mutation,
    Raw,
    World,
    WorldFactory,
    kyiv,
    phone_of,
)


async def test_available_days_are_the_window_without_closed_days(world: World) -> None:
    window = [MON + timedelta(days=i) for i in range(14)]
    assert await world.availability.available_days("main", "consultation") == [
        d for d in window if d.weekday() != 6
    ]
    assert await world.availability.available_days("kalynivka", "consultation") == [
        d for d in window if d.weekday() in (1, 3)
    ]


async def test_past_slots_are_not_offered(world: World, clock: FakeClock) -> None:
    slots = await world.availability.free_slots("main", "consultation", MON)
    assert slots[0].starts_at == kyiv(MON, 9, 15)  # 09:00 is now
    assert {(s.capacity, s.free) for s in slots} == {(3, 3)}
    resident = await world.resident()
    with pytest.raises(SlotUnavailable) as error:
        await world.bookings.hold(resident, "main", "consultation", kyiv(MON, 9))
    assert error.value.reason == "past"
    clock.now = kyiv(MON, 17)
    assert MON not in await world.availability.available_days("main", "consultation")


def lead(minutes: int) -> Mutation:
    def mutate(raw: Raw) -> None:
        raw["cnap"]["settings"]["min_lead_minutes"] = minutes

    return mutate


@pytest.mark.parametrize(("minutes", "first"), [(15, (9, 30)), (0, (9, 15)), (40, (9, 45))])
async def test_a_time_is_offered_only_with_the_lead_to_get_there(
    open_world: WorldFactory, clock: FakeClock, minutes: int, first: tuple[int, int]
) -> None:
    world = await open_world(lead(minutes))
    clock.now = kyiv(MON, 9, 5)  # 09:15 is ten minutes away: too soon by default
    slots = await world.availability.free_slots("main", "consultation", MON)
    assert slots[0].starts_at == kyiv(MON, *first)
    resident = await world.resident()
    if minutes:
        with pytest.raises(SlotUnavailable):
            await world.bookings.hold(resident, "main", "consultation", kyiv(MON, 9, 15))
    held = await world.bookings.hold(resident, "main", "consultation", kyiv(MON, *first))
    clock.now = kyiv(MON, *first) - timedelta(minutes=5)
    confirmed = await world.bookings.confirm(held.id, resident, NAME, phone_of(resident))
    assert confirmed.status == "booked", "a time held in time may still be confirmed"


async def test_outside_the_window_or_the_schedule(world: World) -> None:
    resident = await world.resident()
    after_window = MON + timedelta(days=14)
    with pytest.raises(OutsideWindow):
        await world.bookings.hold(resident, "main", "consultation", kyiv(after_window, 9))
    assert await world.availability.free_slots("main", "consultation", after_window) == []
    for off_grid in (kyiv(TUE, 9, 5), kyiv(TUE, 12, 30), kyiv(TUE, 17)):
        with pytest.raises(SlotUnavailable) as error:
            await world.bookings.hold(resident, "main", "consultation", off_grid)
        assert error.value.reason == "not_in_schedule"
    with pytest.raises(UnknownCode):
        await world.bookings.hold(resident, "kalynivka", "id-card", kyiv(TUE, 9))
    with pytest.raises(ValueError, match="time zone"):
        await world.bookings.hold(resident, "main", "consultation", datetime(2026, 11, 24, 9))


async def test_a_full_day_is_not_offered(world: World) -> None:
    for slot in await world.availability.free_slots("kalynivka", "consultation", TUE):
        await world.book(await world.resident(), slot.starts_at, place="kalynivka")
    assert await world.value("SELECT COUNT(*) FROM cnap_bookings WHERE status = 'booked'") == 18
    assert await world.availability.free_slots("kalynivka", "consultation", TUE) == []
    days = await world.availability.available_days("kalynivka", "consultation")
    assert TUE not in days
    assert THU in days


async def test_a_long_visit_needs_consecutive_slots_of_one_interval(world: World) -> None:
    slots = await world.availability.free_slots("main", "id-card", TUE)  # 30 minutes = two slots
    offered = {s.starts_at for s in slots}
    assert kyiv(TUE, 11, 30) in offered
    assert kyiv(TUE, 11, 45) not in offered  # would run into the lunch break
    assert kyiv(TUE, 16, 30) in offered
    assert kyiv(TUE, 16, 45) not in offered  # would run past closing
    assert {s.ends_at - s.starts_at for s in slots} == {timedelta(minutes=30)}
    for _ in range(3):
        await world.book(await world.resident(), kyiv(TUE, 10, 15))
    offered = {s.starts_at for s in await world.availability.free_slots("main", "id-card", TUE)}
    assert kyiv(TUE, 10) not in offered
    assert kyiv(TUE, 10, 15) not in offered
    assert {kyiv(TUE, 9, 45), kyiv(TUE, 10, 30)} <= offered
    await world.book(await world.resident(), kyiv(TUE, 10, 30), "id-card")
    slots = await world.availability.free_slots("main", "consultation", TUE)
    quarter = {s.starts_at: s.free for s in slots}
    assert (quarter[kyiv(TUE, 10, 30)], quarter[kyiv(TUE, 10, 45)], quarter[kyiv(TUE, 11)]) == (
        2,
        2,
        3,
    )
