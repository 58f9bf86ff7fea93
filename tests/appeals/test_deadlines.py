"""Art. 20 deadlines without a bot: a month (answer_days) for every kind, 15 days once an
officer marks an appeal as needing no additional study (audited, refused when it no longer
fits), extensions never past 45 days after receipt — across months, the year and both
daylight-saving changes, since the day of receipt is the Kyiv date."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage.appeals.config import AppealSettings
from storage.appeals.errors import ExtensionTooLong, NoStudyTooLate, WrongStatus
from storage.appeals.model import AppealInput, AppealKind, AppealStatus, InboxView
from storage.appeals.service import AppealService
from storage.audit import Actor, AuditLog
from storage.community import CommunityRepository, read_community_file
from storage.database import Database
from storage.residents import ResidentRepository
from tests.harness import DEMO_FILE, FakeClock, utc

KYIV = ZoneInfo("Europe/Kyiv")
OFFICER = Actor.system("test")
INPUT = AppealInput(
    kind=AppealKind.STATEMENT,
    topic="roads",
    body="Прошу відремонтувати дорогу на вулиці Шкільній.",
    full_name="Олена Коваленко",
    address="с. Калинівка, вул. Шкільна, 1",
    phone="+380671234567",
    email=None,
)


@dataclass
class World:
    service: AppealService
    who: int
    community: CommunityRepository
    audit: AuditLog


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    db = await Database.open(tmp_path / "deadlines.sqlite3")
    community = CommunityRepository(db, clock)
    await community.load(read_community_file(DEMO_FILE))
    residents = ResidentRepository(db, clock)
    who = await residents.get_or_create("telegram", "1", "1")
    await residents.set_consent(who.id, True)
    audit = AuditLog(db, clock)
    yield World(AppealService(db, community, audit, clock, KYIV), who.id, community, audit)
    await db.close()


async def use_settings(world: World, **values: int) -> None:
    loaded = read_community_file(DEMO_FILE)
    await world.community.load(loaded.model_copy(update={"appeals": AppealSettings(**values)}))


@pytest.mark.parametrize("kind", list(AppealKind))
async def test_every_kind_gets_the_month(world: World, kind: AppealKind) -> None:
    service, who = world.service, world.who
    appeal = await service.submit(who, replace(INPUT, kind=kind), "kalynivka")
    assert (appeal.received_on, appeal.due_on) == (date(2026, 11, 23), date(2026, 12, 23))


async def test_the_month_is_a_setting(world: World) -> None:
    service, who = world.service, world.who
    await use_settings(world, answer_days=25, no_study_days=10)
    appeal = await service.submit(who, INPUT, "kalynivka")
    assert appeal.due_on == date(2026, 12, 18)
    marked = await service.mark_no_study(appeal.id, OFFICER)
    assert marked.due_on == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("received_utc", "received", "no_study", "month", "cap"),
    [
        # 22:30 UTC on 28 March is 00:30 on 29 March, the night clocks go forward.
        (
            utc(2026, 3, 28, 22, 30),
            date(2026, 3, 29),
            date(2026, 4, 13),
            date(2026, 4, 28),
            date(2026, 5, 13),
        ),
        # 21:30 UTC on 24 October is 00:30 on 25 October (summer time), the night they go back.
        (
            utc(2026, 10, 24, 21, 30),
            date(2026, 10, 25),
            date(2026, 11, 9),
            date(2026, 11, 24),
            date(2026, 12, 9),
        ),
        # Across the year; and 31 January across a short February.
        (
            utc(2026, 12, 20, 10),
            date(2026, 12, 20),
            date(2027, 1, 4),
            date(2027, 1, 19),
            date(2027, 2, 3),
        ),
        (
            utc(2027, 1, 31, 10),
            date(2027, 1, 31),
            date(2027, 2, 15),
            date(2027, 3, 2),
            date(2027, 3, 17),
        ),
    ],
)
async def test_no_study_and_the_45_day_cap_across_months_and_dst(
    world: World,
    clock: FakeClock,
    received_utc: datetime,
    received: date,
    no_study: date,
    month: date,
    cap: date,
) -> None:
    service, who = world.service, world.who
    clock.now = received_utc
    appeal = await service.submit(who, INPUT, "kalynivka")
    assert (appeal.received_on, appeal.due_on) == (received, month)
    marked = await service.mark_no_study(appeal.id, OFFICER)
    assert marked.due_on == no_study
    with pytest.raises(ExtensionTooLong):
        await service.extend(appeal.id, OFFICER, cap + timedelta(days=1), "огляд")
    first = await service.extend(appeal.id, OFFICER, month, "потрібен огляд")
    assert (first.status, first.due_on) == (AppealStatus.EXTENDED, month)
    second = await service.extend(appeal.id, OFFICER, cap, "ще потрібен висновок")
    assert second.due_on == cap
    with pytest.raises(ExtensionTooLong):
        await service.extend(appeal.id, OFFICER, cap + timedelta(days=1), "ще раз")


async def test_marking_no_study_is_audited_and_refused_when_it_no_longer_fits(
    world: World, clock: FakeClock
) -> None:
    service, who = world.service, world.who
    appeal = await service.submit(who, INPUT, "kalynivka")
    marked = await service.mark_no_study(appeal.id, OFFICER)
    assert marked.due_on == date(2026, 12, 8)
    assert marked.no_study_at is not None
    entry = (await world.audit.entries())[0]
    assert (entry.action, entry.object.id, dict(entry.detail)) == (
        "appeal.no-study",
        appeal.number,
        {"status": "registered", "due_on": "2026-12-08"},
    )
    with pytest.raises(WrongStatus):  # marked already
        await service.mark_no_study(appeal.id, OFFICER)

    extended = await service.submit(who, INPUT, "kalynivka")
    await service.extend(extended.id, OFFICER, date(2027, 1, 7), "потрібен огляд")
    with pytest.raises(WrongStatus):  # an extended appeal evidently needed study
        await service.mark_no_study(extended.id, OFFICER)

    late = await service.submit(who, INPUT, "kalynivka")
    clock.advance(days=15)  # 8 December, the 15th day: still in time
    clock.advance(days=1)  # 9 December: the 15 days are over
    with pytest.raises(NoStudyTooLate):
        await service.mark_no_study(late.id, OFFICER)
    assert (await service.get(late.id)).due_on == date(2026, 12, 23)
    assert len(await world.audit.entries()) == 2  # the mark and the extension only


async def test_the_inbox_and_the_digest_use_the_deadline_in_force(
    world: World, clock: FakeClock
) -> None:
    service, who = world.service, world.who
    plain = await service.submit(who, INPUT, "kalynivka")
    quick = await service.submit(who, INPUT, "kalynivka")
    await service.mark_no_study(quick.id, OFFICER)
    digest_day = date(2026, 12, 6)  # two days before the 15-day mark
    listed = await service.inbox.near_deadline(digest_day, 3)
    assert [a.number for a in listed] == [quick.number]
    overdue = date(2026, 12, 9)
    page = await service.inbox.page(None, InboxView.OVERDUE, overdue, 0, 10)
    assert [a.id for a in page.appeals] == [quick.id]
    assert plain.id not in [a.id for a in page.appeals]
