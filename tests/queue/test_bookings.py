"""A resident's booking: holds, ownership, cancelling and moving, codes, rating."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

import pytest

from storage.queue.errors import (
    AlreadyRated,
    HoldExpired,
    NotFound,
    SlotUnavailable,
    TooLate,
    WrongState,
)
from storage.queue.rules import normalise_code
from tests.harness import FakeClock
from tests.queue.world import (
    MON,
    NAME,
    PHONE,
    THU,
    TUE,
    WED,
    World,
    kyiv,
    phone_of,
)


async def test_a_live_hold_takes_a_window_until_it_expires(world: World, clock: FakeClock) -> None:
    first, second = await world.resident(), await world.resident()
    slot = kyiv(TUE, 9)
    held = await world.bookings.hold(first, "kalynivka", "consultation", slot)
    assert held.status == "held"
    assert held.hold_expires_at == clock.now + timedelta(minutes=5)
    with pytest.raises(SlotUnavailable) as error:
        await world.bookings.hold(second, "kalynivka", "consultation", slot)
    assert error.value.reason == "full"
    assert TUE in await world.availability.available_days("kalynivka", "consultation")
    assert slot not in {
        s.starts_at for s in await world.availability.free_slots("kalynivka", "consultation", TUE)
    }
    clock.advance(minutes=6)
    taken = await world.bookings.hold(second, "kalynivka", "consultation", slot)
    with pytest.raises(HoldExpired):
        await world.bookings.confirm(held.id, first, NAME, PHONE)
    assert (await world.bookings.confirm(taken.id, second, NAME, PHONE)).status == "booked"


async def test_a_lapsed_hold_still_books_a_free_slot(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    held = await world.bookings.hold(resident, "kalynivka", "consultation", kyiv(TUE, 9))
    clock.advance(minutes=30)
    booked = await world.bookings.confirm(held.id, resident, f"  {NAME} ", PHONE)
    assert (booked.status, booked.full_name, booked.hold_expires_at) == ("booked", NAME, None)
    assert await world.bookings.confirm(held.id, resident, NAME, PHONE) == booked  # a second tap


async def test_holding_another_slot_releases_the_first(world: World) -> None:
    first, second = await world.resident(), await world.resident()
    await world.bookings.hold(first, "kalynivka", "consultation", kyiv(TUE, 9))
    await world.bookings.hold(first, "kalynivka", "consultation", kyiv(TUE, 9, 20))
    await world.bookings.hold(second, "kalynivka", "consultation", kyiv(TUE, 9))
    with pytest.raises(SlotUnavailable):  # a failed hold keeps the one the resident had
        await world.bookings.hold(first, "kalynivka", "consultation", kyiv(TUE, 9))
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
    await world.bookings.release_hold(first_hold, first)
    free = await world.availability.free_slots("kalynivka", "consultation", TUE)
    assert kyiv(TUE, 9, 20) in {s.starts_at for s in free}


async def test_lapsed_holds_can_be_purged(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    await world.bookings.hold(resident, "main", "consultation", kyiv(TUE, 9))
    assert await world.bookings.purge_expired_holds(clock.now) == 0  # still live
    clock.advance(minutes=10)
    assert await world.bookings.purge_expired_holds(clock.now) == 1
    assert await world.value("SELECT COUNT(*) FROM cnap_bookings") == 0


async def test_another_residents_booking_is_not_found(world: World) -> None:
    owner, stranger = await world.resident(), await world.resident()
    booking = await world.book(owner, kyiv(TUE, 9))
    held = await world.bookings.hold(owner, "main", "consultation", kyiv(TUE, 10))
    forged: list[Awaitable[Any]] = [
        world.bookings.cancel(booking.id, stranger),
        world.bookings.reschedule(booking.id, stranger, kyiv(TUE, 11)),
        world.bookings.rate(booking.id, stranger, 5),
        world.bookings.comment(booking.id, stranger, "!"),
        world.bookings.get_for_resident(booking.id, stranger),
        world.bookings.reminder_preferences(booking.id, stranger),
        world.bookings.set_reminder(booking.id, stranger, "day_before", False),
        world.bookings.confirm(held.id, stranger, NAME, PHONE),
        world.desk.mark(booking.id, "kalynivka", "arrived"),
        world.desk.get_at_place(booking.id, "ozerne"),
    ]
    for call in forged:
        with pytest.raises(NotFound):
            await call
    await world.bookings.release_hold(held.id, stranger)
    assert (await world.bookings.get_for_resident(booking.id, owner)).status == "booked"
    assert (await world.bookings.get_for_resident(held.id, owner)).status == "held"


async def test_cancel_and_reschedule_rules(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(TUE, 9))
    moved = await world.bookings.reschedule(booking.id, resident, kyiv(WED, 9))
    assert (moved.status, moved.full_name, moved.phone) == ("booked", NAME, phone_of(resident))
    assert moved.code == booking.code, "the resident keeps the code they were given"
    old = await world.bookings.get_for_resident(booking.id, resident)
    assert (old.status, old.cancel_reason, old.moved_to) == ("cancelled", "moved", moved.id)
    assert old.code not in (None, booking.code), "the moved-from row took a fresh code"
    with pytest.raises(WrongState):
        await world.bookings.reschedule(booking.id, resident, kyiv(THU, 9))
    cancelled = await world.bookings.cancel(moved.id, resident)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "resident")
    assert await world.bookings.cancel(moved.id, resident) == cancelled  # a second tap
    late = await world.book(resident, kyiv(TUE, 10))
    clock.now = kyiv(TUE, 10, 5)
    with pytest.raises(TooLate):
        await world.bookings.cancel(late.id, resident)
    assert [b.id for b in await world.bookings.upcoming(resident)] == [late.id]
    assert await world.bookings.past(resident) == [], "a cancelled visit still ahead is not past"
    assert [b.id for b in await world.bookings.cancelled_ahead(resident)] == [moved.id]
    assert await world.bookings.count_for_resident(resident) == 2, "a moved visit is one visit"


async def test_codes_are_short_unique_and_found_by_digits(world: World) -> None:
    bookings = []
    for slot in (await world.availability.free_slots("main", "consultation", TUE))[:20]:
        bookings.append(await world.book(await world.resident(), slot.starts_at))
    codes = [b.code or "" for b in bookings]
    assert all(re.fullmatch(r"К-\d{4}", c) for c in codes)
    assert len(set(codes)) == len(codes)
    digits = codes[0][2:]
    for typed in (digits, f"K-{digits}", f"к{digits}"):
        assert normalise_code(typed) == codes[0]
        assert await world.desk.by_code("main", typed) == bookings[0]
    assert await world.desk.by_code("ozerne", digits) is None


async def test_rating_only_after_a_served_visit_and_once(world: World, clock: FakeClock) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(MON, 10))
    with pytest.raises(WrongState):
        await world.bookings.rate(booking.id, resident, 5)
    clock.now = kyiv(MON, 10, 10)
    await world.desk.mark(booking.id, "main", "served")
    with pytest.raises(ValueError, match="1 to 5"):
        await world.bookings.rate(booking.id, resident, 6)
    rated = await world.bookings.rate(booking.id, resident, 4)
    assert (rated.rating, rated.rating_comment) == (4, None)
    with pytest.raises(AlreadyRated):
        await world.bookings.rate(booking.id, resident, 5)
    commented = await world.bookings.comment(booking.id, resident, "  Швидко і   ввічливо ")
    assert commented.rating_comment == "Швидко і ввічливо"
    with pytest.raises(AlreadyRated):
        await world.bookings.comment(booking.id, resident, "ще")


async def test_a_move_keeps_the_reminders_the_resident_switched_off(world: World) -> None:
    resident = await world.resident()
    booking = await world.book(resident, kyiv(WED, 10))
    await world.bookings.set_reminder(booking.id, resident, "day_before", False)
    moved = await world.bookings.reschedule(booking.id, resident, kyiv(THU, 10))
    assert await world.bookings.reminder_preferences(moved.id, resident) == {
        "day_before": False,
        "hours_before": True,
    }
