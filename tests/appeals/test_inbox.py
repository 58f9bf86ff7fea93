"""The officers' inbox: status filters (open, new, in work, extended, answered, overdue) with
counts, pages of ten, the deadline on every line, priority appeals first; only the
officer's scope, whatever a forged filter button says."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest

from handlers.appeals.callbacks import InboxCb
from storage.appeals.model import AppealInput, AppealKind, InboxView, PriorityCategory
from storage.appeals.service import AppealService
from storage.audit import Actor
from tests.appeals.chat import make_officer, onboard
from tests.harness import BotEnv, FakeClock

OFFICER = Actor.system("test")
INPUT = AppealInput(
    kind=AppealKind.COMPLAINT,
    topic="roads",
    body="Прошу відремонтувати дорогу на вулиці Шкільній.",
    full_name="Олена Коваленко",
    address="с. Калинівка, вул. Шкільна, 1",
    phone="+380671234567",
    email=None,
)


@dataclass
class Desk:
    service: AppealService
    who: int


@pytest.fixture
async def desk(env: BotEnv, clock: FakeClock) -> Desk:
    services = env.services
    service = AppealService(services.db, services.community, services.audit, clock)
    who = await services.residents.get_or_create("telegram", "777", "777")
    await services.residents.set_consent(who.id, True)
    return Desk(service, who.id)


async def file(
    desk: Desk, count: int, settlement: str = "kalynivka", **change: object
) -> list[int]:
    ids = []
    for _ in range(count):
        appeal = await desk.service.submit(desk.who, replace(INPUT, **change), settlement)  # type: ignore[arg-type]
        ids.append(appeal.id)
    return ids


async def test_views_pages_and_priority_order(desk: Desk, clock: FakeClock) -> None:
    service = desk.service
    plain = await file(desk, 20)
    clock.advance(days=1)  # filed a day later, so due a day later: still first
    late_priority = await file(desk, 3, priority=PriorityCategory.COMBATANT)
    await file(desk, 4, settlement="ozerne")
    await service.take(plain[0], OFFICER)
    await service.extend(plain[1], OFFICER, date(2027, 1, 2), "огляд")
    await service.answer(plain[2], OFFICER, "Відремонтовано.")
    clock.advance(hours=1)
    await service.answer(plain[3], OFFICER, "Відремонтовано теж.")
    today = service.today()
    scope = {"kalynivka"}

    first = await service.inbox.page(scope, InboxView.OPEN, today, 0, 10)
    assert (first.total, first.pages) == (21, 3)
    assert [a.id for a in first.appeals[:3]] == late_priority  # priority first
    assert first.appeals[3].id == plain[0]  # then the nearest deadline
    last = await service.inbox.page(scope, InboxView.OPEN, today, 99, 10)
    assert (last.page, len(last.appeals)) == (2, 1)  # past the end: the last page

    answered = await service.inbox.page(scope, InboxView.ANSWERED, today, 0, 10)
    assert [a.id for a in answered.appeals] == [plain[3], plain[2]]  # newest answer first
    counts = await service.inbox.counts(scope, today)
    assert counts == {
        InboxView.OPEN: 21,
        InboxView.REGISTERED: 19,
        InboxView.IN_WORK: 1,
        InboxView.EXTENDED: 1,
        InboxView.ANSWERED: 2,
        InboxView.OVERDUE: 0,
    }
    everywhere = await service.inbox.counts(None, today)
    assert everywhere[InboxView.OPEN] == 25

    later = today + timedelta(days=30)  # 24.12: the 20 filed first are overdue, the 3 next due
    overdue = await service.inbox.page(scope, InboxView.OVERDUE, later, 0, 50)
    assert {a.id for a in overdue.appeals} == set(plain) - {plain[1], plain[2], plain[3]}


async def test_the_officer_filters_and_pages_through_the_inbox(
    env: BotEnv, desk: Desk, clock: FakeClock
) -> None:
    ids = await file(desk, 12)
    await desk.service.take(ids[0], OFFICER)
    clock.advance(days=31)  # all twelve are overdue now
    await file(desk, 1)
    officer = await make_officer(env, 2002, "kalynivka")
    shown = await officer.send("/appeals")
    assert "Звернення — усі відкриті</b>: 13" in shown[-1]
    assert "Сторінка 1 з 2" in shown[-1]
    assert "<b>Зв-2026-0001</b> · у роботі · до 23.12.2026 · 🔴 Прострочено на 1 день" in shown[-1]
    assert "▸ усі відкриті · 13" in officer.buttons()
    assert "прострочені · 12" in officer.buttons()
    shown = await officer.click("Далі")
    assert "Сторінка 2 з 2" in shown[-1]
    assert "Зв-2026-0013" in shown[-1]  # the newest deadline last
    assert "Зв-2026-0013" in officer.buttons()

    shown = await officer.click("у роботі · 1")
    assert "Звернення — у роботі</b>: 1" in shown[-1]
    assert [b for b in officer.buttons() if b.startswith("Зв-")] == ["Зв-2026-0001"]
    shown = await officer.click("з відповіддю · 0")
    assert "Тут звернень немає" in shown[-1]


async def test_forged_filter_buttons_are_refused(env: BotEnv, desk: Desk) -> None:
    await file(desk, 2, settlement="kalynivka")
    await file(desk, 1, settlement="ozerne")
    resident = env.resident(user_id=1005)
    await onboard(resident)
    await resident.press(InboxCb(view=InboxView.OPEN).pack())
    assert "недостатньо прав" in resident.alerts()[-1]
    assert not any("Зв-2026" in t for t in resident.texts())

    officer = await make_officer(env, 2003, "ozerne")
    await officer.send("/appeals")
    for forged in ("ai1:all:0", "ai1:open:-1", "ai1:open:1e3", "ai1:open:0:kalynivka"):
        before = len(officer.alerts())
        await officer.press(forged)
        assert len(officer.alerts()) == before + 1
        assert "Ця кнопка вже не діє" in officer.alerts()[-1]
    shown = await officer.press(InboxCb(view=InboxView.OPEN, page=999).pack())
    assert "Звернення — усі відкриті</b>: 1" in shown[-1]  # their scope, the last page
    assert "Зв-2026-0003" in shown[-1]
    assert "Зв-2026-0001" not in shown[-1]
