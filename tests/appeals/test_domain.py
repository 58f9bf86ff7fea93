"""The appeals domain without a bot: deadline arithmetic across months and daylight saving,
numbers per year, a crash at any statement of sending, deletion unlinking a registered
appeal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage.appeals.dates import due_date, latest_extension, local_day
from storage.appeals.errors import ConsentRequired, ExtensionTooLong, MissingField
from storage.appeals.model import AppealInput, AppealKind, Photo
from storage.appeals.service import AppealService
from storage.audit import Actor, AuditLog
from storage.community import CommunityRepository, read_community_file
from storage.database import Database
from storage.residents import ResidentRepository
from tests.harness import DEMO_FILE, FakeClock, utc
from tests.queue.test_consistency import CRASHES, Crash, crashed

KYIV = ZoneInfo("Europe/Kyiv")
INPUT = AppealInput(
    kind=AppealKind.COMPLAINT,
    topic="roads",
    body="Прошу відремонтувати дорогу на вулиці Шкільній.",
    full_name="Олена Коваленко",
    address="с. Калинівка, вул. Шкільна, 1",
    phone="+380671234567",
    email=None,
    photos=(Photo("telegram", "AgAD"), Photo("telegram", "AgAE")),
)


@pytest.fixture
async def world(
    tmp_path: Path, clock: FakeClock
) -> AsyncIterator[tuple[Database, AppealService, ResidentRepository]]:
    db = await Database.open(tmp_path / "appeals.sqlite3")
    community = CommunityRepository(db, clock)
    await community.load(read_community_file(DEMO_FILE))
    service = AppealService(db, community, AuditLog(db, clock), clock, KYIV)
    yield db, service, ResidentRepository(db, clock)
    await db.close()


async def resident(residents: ResidentRepository, consent: bool = True) -> int:
    found = await residents.get_or_create("telegram", str(id(object())), "1")
    if consent:
        await residents.set_consent(found.id, True)
    return found.id


def test_deadlines_count_calendar_days_in_kyiv() -> None:
    # 23:30 UTC on 31 January is already 1 February in Kyiv.
    assert local_day(utc(2026, 1, 31, 23, 30), KYIV) == date(2026, 2, 1)
    assert due_date(date(2026, 1, 31), 30) == date(2026, 3, 2)  # across a short February
    assert due_date(date(2028, 1, 31), 30) == date(2028, 3, 1)  # a leap year
    assert due_date(date(2026, 12, 20), 15) == date(2027, 1, 4)  # across the year
    # Clocks go forward at 03:00 on 29 March 2026: 00:30 UTC is 03:30 local, still 29 March.
    assert local_day(utc(2026, 3, 29, 0, 30), KYIV) == date(2026, 3, 29)
    assert local_day(utc(2026, 3, 28, 21, 59), KYIV) == date(2026, 3, 28)  # 23:59 EET
    assert local_day(utc(2026, 10, 24, 21, 30), KYIV) == date(2026, 10, 25)  # 00:30 EEST
    assert due_date(date(2026, 3, 20), 15) == date(2026, 4, 4)
    assert latest_extension(date(2026, 11, 23), 45) == date(2027, 1, 7)


async def test_numbers_run_per_year(
    world: tuple[Database, AppealService, ResidentRepository], clock: FakeClock
) -> None:
    _db, service, residents = world
    who = await resident(residents)
    clock.now = utc(2026, 12, 31, 21, 59)  # 23:59 on 31 December in Kyiv
    first = await service.submit(who, INPUT, "kalynivka")
    clock.now = utc(2026, 12, 31, 22, 0)  # midnight: 1 January 2027
    second = await service.submit(who, INPUT, "kalynivka")
    assert (first.number, first.received_on) == ("Зв-2026-0001", date(2026, 12, 31))
    assert (second.number, second.due_on) == ("Зв-2027-0001", date(2027, 1, 31))


async def test_the_service_checks_consent_and_the_law_s_fields(
    world: tuple[Database, AppealService, ResidentRepository],
) -> None:
    _db, service, residents = world
    with pytest.raises(ConsentRequired):
        await service.submit(await resident(residents, consent=False), INPUT, "")
    who = await resident(residents)
    for change in ({"address": "я"}, {"full_name": "О"}, {"phone": None}, {"body": ""}):
        with pytest.raises(MissingField):
            await service.submit(who, _with(**change), "")


def _with(**change: object) -> AppealInput:
    from dataclasses import replace

    return replace(INPUT, **change)  # type: ignore[arg-type]


async def test_extension_stops_at_45_days(
    world: tuple[Database, AppealService, ResidentRepository],
) -> None:
    _db, service, residents = world
    appeal = await service.submit(await resident(residents), INPUT, "")
    officer = Actor.system("test")
    with pytest.raises(ExtensionTooLong):
        await service.extend(appeal.id, officer, date(2027, 1, 8), "обстеження")
    extended = await service.extend(appeal.id, officer, date(2027, 1, 7), "обстеження")
    assert extended.due_on == date(2027, 1, 7)


@pytest.mark.parametrize("crash", CRASHES, ids=["error", "cancelled-error", "task-cancelled"])
async def test_sending_is_whole_or_absent(
    world: tuple[Database, AppealService, ResidentRepository],
    monkeypatch: pytest.MonkeyPatch,
    crash: Crash,
) -> None:
    db, service, residents = world
    who = await resident(residents)
    crashes = 0

    async def counts() -> list[int]:
        return [
            int(await db.fetchval(f"SELECT COUNT(*) FROM {table}"))
            for table in ("appeals", "appeal_photos", "appeal_history")
        ]

    for at in range(1, 30):
        before = await counts()
        stopped = await crashed(monkeypatch, db, at, crash, service.submit(who, INPUT, ""))
        grown = [after - was for after, was in zip(await counts(), before, strict=True)]
        assert grown in ([0, 0, 0], [1, 2, 1])  # the appeal with both photos, or nothing
        if not stopped:
            break
        crashes += 1
    assert crashes >= 6
    numbers = [r["number"] for r in await db.fetchall("SELECT number FROM appeals ORDER BY id")]
    assert numbers == [f"Зв-2026-{n:04d}" for n in range(1, len(numbers) + 1)]


async def test_deleting_the_resident_unlinks_a_registered_appeal(
    world: tuple[Database, AppealService, ResidentRepository],
) -> None:
    db, service, residents = world
    who = await resident(residents)
    appeal = await service.submit(who, INPUT, "kalynivka")
    await residents.delete(who)
    kept = await service.get(appeal.id)
    assert (kept.resident_id, kept.full_name) == (None, "Олена Коваленко")
    assert await db.fetchval("SELECT COUNT(*) FROM appeal_contacts") == 0
