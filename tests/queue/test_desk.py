"""The operator desk: closures cancel what they hit, marks follow the visit, statistics."""

from __future__ import annotations

import pytest

from storage.queue.errors import (
    SlotUnavailable,
    TooEarly,
    WrongState,
)
from tests.harness import FakeClock
from tests.queue.world import (
    MON,
    THU,
    TUE,
    WED,
    World,
    kyiv,
)


async def test_a_closure_cancels_the_bookings_it_hits(world: World) -> None:
    operator = await world.resident()
    early = await world.book(await world.resident(), kyiv(TUE, 8))
    edge = await world.book(await world.resident(), kyiv(TUE, 8, 45), "id-card")  # to 09:15
    inside = await world.book(await world.resident(), kyiv(TUE, 10))
    late = await world.book(await world.resident(), kyiv(TUE, 15))
    affected = await world.desk.close(
        "main", kyiv(TUE, 9), kyiv(TUE, 12), "Відключення світла", operator
    )
    assert [b.id for b in affected] == [edge.id, inside.id]
    assert {(b.status, b.cancel_reason) for b in affected} == {("cancelled", "closed")}
    assert {state for _, state in (await world.reminder_rows(inside.id)).values()} == {"dropped"}
    assert [b.id for b in await world.desk.day_list("main", TUE)] == [early.id, late.id]
    slots = await world.availability.free_slots("main", "consultation", TUE)
    offered = {s.starts_at for s in slots}
    assert kyiv(TUE, 8, 45) in offered
    assert not any(kyiv(TUE, 9) <= s < kyiv(TUE, 12) for s in offered)
    resident = await world.resident()
    with pytest.raises(SlotUnavailable) as error:
        await world.bookings.hold(resident, "main", "consultation", kyiv(TUE, 10, 30))
    assert error.value.reason == "closed"
    row = await world.db.fetchone("SELECT reason, created_by FROM cnap_closures")
    assert row is not None
    assert tuple(row) == ("Відключення світла", operator)


async def test_a_fully_closed_day_leaves_the_available_days(world: World) -> None:
    assert WED in await world.availability.available_days("main", "consultation")
    await world.desk.close("main", kyiv(WED, 0), kyiv(THU, 0), "Навчання персоналу", None)
    days = await world.availability.available_days("main", "consultation")
    assert WED not in days
    assert {TUE, THU} <= set(days)


async def test_marks_follow_the_visit(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(MON, 14))
    with pytest.raises(TooEarly):
        await world.desk.mark(booking.id, "main", "no_show")
    arrived = await world.desk.mark(booking.id, "main", "arrived")
    assert arrived.status == "arrived"
    assert {state for _, state in (await world.reminder_rows(booking.id)).values()} == {"dropped"}
    assert (await world.desk.mark(booking.id, "main", "served")).status == "served"
    with pytest.raises(WrongState):
        await world.desk.mark(booking.id, "main", "no_show")
    cancelled = await world.book(resident, kyiv(MON, 15))
    await world.bookings.cancel(cancelled.id, resident)
    with pytest.raises(WrongState):
        await world.desk.mark(cancelled.id, "main", "arrived")
    listed = await world.desk.day_list("main", MON)
    assert [(b.id, b.status) for b in listed] == [(booking.id, "served")]


async def test_upcoming_visits_are_counted_for_statistics(world: World, clock: FakeClock) -> None:
    await world.book(await world.resident(), kyiv(MON, 10))
    await world.book(await world.resident(), kyiv(TUE, 10), place="kalynivka")
    assert await world.desk.count_upcoming() == 2
    assert await world.desk.count_upcoming("kalynivka") == 1
    clock.now = kyiv(MON, 11)
    assert await world.desk.count_upcoming("main") == 0
