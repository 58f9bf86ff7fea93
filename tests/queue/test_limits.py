"""Limits on one resident: upcoming visits at once, bookings a month (cancelled ones count,
moves do not), the no-show block and its lift."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from storage.queue.errors import (
    LimitReached,
)
from storage.queue.models import LimitProblem
from tests.harness import FakeClock
from tests.queue.world import (
    MON,
    NAME,
    TUE,
    WED,
    World,
    kyiv,
    phone_of,
)


async def test_the_active_limit(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    first = await world.book(resident, kyiv(TUE, 9))
    await world.book(resident, kyiv(TUE, 10))
    assert await world.limits.check(resident) == LimitProblem("active", 2, 2)
    with pytest.raises(LimitReached) as error:
        await world.bookings.hold(resident, "main", "consultation", kyiv(TUE, 11))
    assert error.value.problem.kind == "active"
    await world.bookings.cancel(first.id, resident)
    assert await world.limits.check(resident) is None
    await world.book(resident, kyiv(TUE, 11))
    clock.now = kyiv(TUE, 10, 20)  # one visit is over
    assert await world.limits.check(resident) is None


async def test_the_monthly_limit_counts_cancelled_bookings(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    for hour in (9, 10, 11, 13):
        booking = await world.book(resident, kyiv(TUE, hour))
        await world.bookings.cancel(booking.id, resident)
    problem = await world.limits.check(resident)
    assert problem == LimitProblem("monthly", 4, 4, until=date(2026, 12, 1))
    with pytest.raises(LimitReached):
        await world.bookings.hold(resident, "main", "consultation", kyiv(TUE, 14))
    clock.now = kyiv(date(2026, 12, 1), 0, 1)
    assert await world.limits.check(resident) is None


async def test_a_move_is_not_a_new_booking(world: World) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(TUE, 9))
    for hour in (10, 11, 13, 14):
        booking = await world.bookings.reschedule(booking.id, resident, kyiv(TUE, hour))
    assert await world.limits.check(resident) is None
    for hour in (9, 10):
        await world.bookings.cancel((await world.book(resident, kyiv(WED, hour))).id, resident)
    assert await world.limits.check(resident) is None  # 3 counted: 1 + 2
    await world.book(resident, kyiv(WED, 11))
    assert await world.limits.check(resident) == LimitProblem("active", 2, 2)
    await world.bookings.cancel(booking.id, resident)
    assert await world.limits.check(resident) == LimitProblem("monthly", 4, 4, date(2026, 12, 1))


async def no_show(world: World, resident: int, starts_at: datetime) -> None:
    booking = await world.book(resident, starts_at)
    world.clock.now = starts_at + timedelta(minutes=20)
    await world.desk.mark(booking.id, "main", "no_show")


async def test_the_no_show_block_and_its_lift(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    await no_show(world, resident, kyiv(MON, 10))
    await no_show(world, resident, kyiv(MON, 11))
    assert await world.limits.check(resident) is None
    await no_show(world, resident, kyiv(MON, 14))
    assert await world.limits.check(resident) == LimitProblem("no_show", 3, 3)
    with pytest.raises(LimitReached):
        await world.bookings.hold(resident, "main", "consultation", kyiv(TUE, 9))
    await world.desk.lift_noshow_block(resident, by_resident_id=None)
    assert await world.limits.check(resident) is None
    december = date(2026, 12, 1)  # a new month, so that the monthly limit stays out of the way
    clock.now = kyiv(december, 9)
    await no_show(world, resident, kyiv(december, 10))
    await no_show(world, resident, kyiv(december, 11))
    assert await world.limits.check(resident) is None  # only two since the lift
    await no_show(world, resident, kyiv(december, 14))
    assert await world.limits.check(resident) == LimitProblem("no_show", 3, 3)


async def erase(world: World, resident: int) -> None:
    """What deleting one's data does to the e-queue's tables (by cascade)."""
    await world.db.execute("DELETE FROM residents WHERE id = ?", (resident,))


async def test_limits_follow_the_phone_when_the_data_is_deleted(
    world: World, clock: FakeClock
) -> None:
    first = await world.resident()
    for hour in (9, 10, 11, 13):
        booking = await world.book(first, kyiv(TUE, hour))
        await world.bookings.cancel(booking.id, first)
    await erase(world, first)
    again = await world.resident()
    phone = phone_of(first)
    assert await world.limits.check(again) is None, "before the phone is shared: unknown"
    monthly = LimitProblem("monthly", 4, 4, until=date(2026, 12, 1))
    assert await world.limits.check(again, phone) == monthly
    with pytest.raises(LimitReached):
        await world.bookings.hold(again, "main", "consultation", kyiv(WED, 9), phone)
    held = await world.bookings.hold(again, "main", "consultation", kyiv(WED, 9))
    with pytest.raises(LimitReached):
        await world.bookings.confirm(held.id, again, NAME, phone)
    assert await world.limits.check(again, "+380509999999") is None, "another phone is free"

    kept = await world.db.fetchall("SELECT * FROM cnap_person_marks")
    assert len(kept) == 4
    assert set(kept[0].keys()) == {"id", "booking_id", "person", "booked_at", "no_show_at"}
    assert {row["booking_id"] for row in kept} == {None}, "nothing ties them to a booking"
    assert all(phone.lstrip("+") not in row["person"] for row in kept), "a hash, not the number"
    clock.now = kyiv(date(2026, 12, 1), 9)
    assert await world.limits.check(again, phone) is None, "a new month counts afresh"


async def test_the_no_show_block_survives_deletion_until_lifted(world: World) -> None:
    first = await world.resident()
    for hour in (10, 11, 14):
        await no_show(world, first, kyiv(MON, hour))
    await erase(world, first)
    again = await world.resident()
    phone = phone_of(first)
    assert await world.limits.check(again, phone) == LimitProblem("no_show", 3, 3)
    await world.db.execute("UPDATE residents SET phone = ? WHERE id = ?", (phone, again))
    await world.desk.lift_noshow_block(again, by_resident_id=None)
    assert await world.limits.check(again, phone) is None
    await erase(world, again)
    third = await world.resident()
    assert await world.limits.check(third, phone) is None, "the lift went with the person"
