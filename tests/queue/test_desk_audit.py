"""The operator desk writes the audit log in the transaction of each change it makes."""

from __future__ import annotations

import sqlite3

import pytest

from storage.audit import AuditAction, AuditLog, AuditObject
from storage.queue.desk import Desk
from storage.queue.schedule import KYIV
from tests.harness import FakeClock
from tests.queue.world import MON, TUE, World, kyiv


async def test_marks_closures_and_lifted_blocks_are_logged_once(
    world: World, clock: FakeClock
) -> None:
    audit = AuditLog(world.db, clock)
    desk = Desk(world.db, world.catalogue, clock, KYIV, audit)
    operator, resident = await world.resident(), await world.resident()
    visit = await world.book(resident, kyiv(MON, 14))
    await world.book(resident, kyiv(TUE, 10))  # the closure cancels it

    await desk.mark(visit.id, "main", "arrived", operator)
    await desk.mark(visit.id, "main", "arrived", operator)  # no change, no second row
    await desk.close("main", kyiv(TUE, 9), kyiv(TUE, 12), "Відключення світла", operator)
    await desk.lift_noshow_block(resident, operator)

    mark, closure, lift = reversed(await audit.entries())
    assert (mark.action, mark.object, mark.actor_id) == (
        AuditAction.CNAP_MARK,
        AuditObject("booking", str(visit.id)),
        operator,
    )
    assert mark.detail == {"place": "main", "from": "booked", "to": "arrived"}
    assert closure.action == AuditAction.CNAP_CLOSE
    assert closure.detail["cancelled"] == 1
    assert closure.object.id == str(await world.value("SELECT id FROM cnap_closures"))
    assert (lift.action, lift.object) == (
        AuditAction.NOSHOW_LIFT,
        AuditObject.of("resident", resident),
    )


async def test_an_audit_row_that_cannot_be_written_undoes_the_action(
    world: World, clock: FakeClock
) -> None:
    desk = Desk(world.db, world.catalogue, clock, KYIV, AuditLog(world.db, clock))
    operator, resident = await world.resident(), await world.resident()
    visit = await world.book(resident, kyiv(TUE, 10))
    await world.db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        await desk.mark(visit.id, "main", "arrived", operator)
    with pytest.raises(sqlite3.IntegrityError):
        await desk.close("main", kyiv(TUE, 9), kyiv(TUE, 12), "Навчання", operator)
    with pytest.raises(sqlite3.IntegrityError):
        await desk.lift_noshow_block(resident, operator)
    assert await world.value("SELECT status FROM cnap_bookings WHERE id = ?", visit.id) == "booked"
    assert await world.value("SELECT COUNT(*) FROM cnap_closures") == 0
    assert await world.value("SELECT COUNT(*) FROM cnap_noshow_lifts") == 0
