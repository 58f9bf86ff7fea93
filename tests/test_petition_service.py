"""The petition service without a bot: one signature per person whatever runs at once, the
true count, the threshold closing the collection, deadlines, working days, erasure."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage.audit import Actor, AuditLog
from storage.community import (
    CommunityFileError,
    CommunityRepository,
    parse_community,
    read_community_file,
)
from storage.database import Database
from storage.petitions.config import PetitionSettings, add_working_days
from storage.petitions.demo import SAMPLES, seed_demo_petitions
from storage.petitions.model import (
    AlreadySigned,
    CollectionClosed,
    InvalidText,
    NotSigned,
    Sort,
    Tab,
    WrongStatus,
)
from storage.petitions.service import PetitionService
from storage.residents import ResidentRepository
from tests.harness import DEMO_FILE, FakeClock, utc

KYIV = ZoneInfo("Europe/Kyiv")
MODERATOR = Actor.system("moderator")
BODY = "Просимо раду відремонтувати дорогу до школи, бо діти ходять по калюжах."


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "petitions.sqlite3")
    yield database
    await database.close()


async def make_service(
    db: Database, clock: FakeClock, threshold: int = 250, period_days: int = 45
) -> PetitionService:
    community = CommunityRepository(db, clock)
    demo = read_community_file(DEMO_FILE)
    settings = PetitionSettings(threshold=threshold, period_days=period_days)
    await community.load(demo.model_copy(update={"petitions": settings}))
    return PetitionService(db, community, AuditLog(db, clock), clock, KYIV)


async def make_residents(db: Database, clock: FakeClock, count: int) -> list[int]:
    residents = ResidentRepository(db, clock)
    made = [
        await residents.get_or_create("telegram", str(5000 + n), str(5000 + n))
        for n in range(count)
    ]
    return [r.id for r in made]


async def published(service: PetitionService, author: int) -> int:
    petition = await service.submit(
        author, "Відремонтувати дорогу до школи", BODY, "Іван Петренко", "ivan@example.com"
    )
    await service.approve(petition.id, MODERATOR)
    return petition.id


def phone(n: int) -> str:
    return f"+38067{n:07d}"


async def test_a_petition_goes_from_moderation_to_collecting_with_the_configured_period(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock, threshold=100, period_days=30)
    [author] = await make_residents(db, clock, 1)
    petition = await service.submit(
        author, "Відремонтувати дорогу до школи", BODY, "Іван Петренко", "ivan@example.com"
    )
    assert petition.status == "moderation"
    assert not petition.is_public
    approved = await service.approve(petition.id, MODERATOR)
    assert approved.status == "collecting"
    assert approved.threshold == 100
    assert approved.published_at == clock.now
    assert approved.deadline_at == clock.now + timedelta(days=30)
    with pytest.raises(WrongStatus):
        await service.approve(petition.id, MODERATOR)  # a second moderator was slower
    with pytest.raises(WrongStatus):
        await service.refuse(petition.id, "Запізно", MODERATOR)


async def test_titles_and_texts_are_bounded(db: Database, clock: FakeClock) -> None:
    service = await make_service(db, clock)
    [author] = await make_residents(db, clock, 1)
    with pytest.raises(InvalidText):
        await service.submit(author, "x" * 201, BODY, "Іван Петренко", "ivan@example.com")
    with pytest.raises(InvalidText):
        await service.submit(
            author, "Нормальна назва", "к" * 5001, "Іван Петренко", "ivan@example.com"
        )
    assert await db.fetchval("SELECT COUNT(*) FROM petitions") == 0


async def test_simultaneous_presses_by_one_resident_give_one_signature(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock)
    author, signer = await make_residents(db, clock, 2)
    petition_id = await published(service, author)
    outcomes = await asyncio.gather(
        *(service.sign(petition_id, signer, "Олена Коваленко", phone(1)) for _ in range(20)),
        return_exceptions=True,
    )
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
    assert all(isinstance(o, AlreadySigned) for o in outcomes if isinstance(o, BaseException))
    assert await service.count(petition_id) == 1


async def test_five_hundred_residents_at_once_give_an_exact_count(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock, threshold=1000)
    residents = await make_residents(db, clock, 501)
    petition_id = await published(service, residents[0])
    signers = residents[1:]
    results = await asyncio.gather(
        *(service.sign(petition_id, r, f"Мешканець {n}", phone(n)) for n, r in enumerate(signers))
    )
    assert sorted(r.signatures for r in results) == list(range(1, 501))
    rows = await db.fetchval(
        "SELECT COUNT(*) FROM petition_signatures WHERE petition_id = ?", (petition_id,)
    )
    assert rows == 500
    petition = await service.get(petition_id)
    assert petition is not None
    assert petition.signatures == 500
    assert petition.status == "collecting"


async def test_the_threshold_closes_the_collection_at_exactly_the_threshold(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock, threshold=250)
    residents = await make_residents(db, clock, 501)
    petition_id = await published(service, residents[0])
    outcomes = await asyncio.gather(
        *(
            service.sign(petition_id, r, f"Мешканець {n}", phone(n))
            for n, r in enumerate(residents[1:])
        ),
        return_exceptions=True,
    )
    accepted = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(accepted) == 250
    assert [r.reached for r in accepted].count(True) == 1, "one signature crossed the line"
    assert all(isinstance(o, CollectionClosed) for o in refused)
    petition = await service.get(petition_id)
    assert petition is not None
    assert (petition.status, petition.signatures, petition.closed_at) == ("reached", 250, clock.now)


async def test_one_phone_signs_once_even_from_another_account(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock)
    author, first, second = await make_residents(db, clock, 3)
    petition_id = await published(service, author)
    await service.sign(petition_id, first, "Олена Коваленко", phone(7))
    with pytest.raises(AlreadySigned):
        await service.sign(petition_id, second, "Олена Коваленко", phone(7))
    assert await service.count(petition_id) == 1


async def test_a_withdrawn_signature_leaves_the_count_and_cannot_be_given_again(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock)
    author, signer, other = await make_residents(db, clock, 3)
    petition_id = await published(service, author)
    await service.sign(petition_id, signer, "Олена Коваленко", phone(1))
    await service.sign(petition_id, other, "Петро Мельник", phone(2))
    assert await service.withdraw(petition_id, signer) == 1
    names, total = await service.signer_names(petition_id, 0, 20)
    assert (names, total) == (["Петро Мельник"], 1)
    with pytest.raises(AlreadySigned) as again:
        await service.sign(petition_id, signer, "Олена Коваленко", phone(1))
    assert again.value.withdrawn
    with pytest.raises(NotSigned):
        await service.withdraw(petition_id, signer)


async def test_the_deadline_closes_signing_even_before_the_job_runs(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock, period_days=45)
    author, signer, late = await make_residents(db, clock, 3)
    petition_id = await published(service, author)
    await service.sign(petition_id, signer, "Олена Коваленко", phone(1))
    deadline = clock.now + timedelta(days=45)
    clock.advance(days=50)  # the bot was down over the deadline
    with pytest.raises(CollectionClosed):
        await service.sign(petition_id, late, "Петро Мельник", phone(2))
    with pytest.raises(CollectionClosed):
        await service.withdraw(petition_id, signer)
    missed = await service.page(Tab.MISSED, 0, 10)
    assert [p.id for p in missed.items] == [petition_id]
    assert (await service.page(Tab.COLLECTING, 0, 10)).total == 0
    assert await service.close_expired() == [petition_id]
    petition = await service.get(petition_id)
    assert petition is not None
    assert (petition.status, petition.closed_at) == ("missed", deadline), "closed at the deadline"
    assert await service.close_expired() == []


async def test_most_signed_first(db: Database, clock: FakeClock) -> None:
    service = await make_service(db, clock)
    residents = await make_residents(db, clock, 4)
    quiet = await published(service, residents[0])
    clock.advance(hours=1)
    popular = await published(service, residents[0])
    clock.advance(hours=1)
    newest = await published(service, residents[0])
    for n, resident in enumerate(residents[1:]):
        await service.sign(popular, resident, f"Мешканець {n}", phone(n))
    await service.sign(quiet, residents[1], "Мешканець 0", phone(0))
    by_date = await service.page(Tab.COLLECTING, 0, 10)
    by_count = await service.page(Tab.COLLECTING, 0, 10, sort=Sort.SIGNED)
    assert [p.id for p in by_date.items] == [newest, popular, quiet]
    assert [p.id for p in by_count.items] == [popular, quiet, newest]


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        (utc(2026, 11, 23, 8, 0), utc(2026, 11, 25, 8, 0)),  # Mon 10:00 -> Wed 10:00
        (utc(2026, 11, 27, 13, 0), utc(2026, 12, 1, 13, 0)),  # Fri 15:00 -> Tue 15:00
        (utc(2026, 11, 28, 10, 0), utc(2026, 12, 1, 22, 0)),  # Sat -> Wed 00:00 Kyiv
    ],
)
def test_two_working_days_skip_the_weekend(submitted: object, due: object) -> None:
    assert add_working_days(submitted, 2, KYIV) == due  # type: ignore[arg-type]


async def test_moderators_are_reminded_once_after_two_working_days(
    db: Database, clock: FakeClock
) -> None:
    clock.now = utc(2026, 11, 27, 13, 0)  # Friday 15:00 in Kyiv
    service = await make_service(db, clock)
    [author] = await make_residents(db, clock, 1)
    petition = await service.submit(
        author, "Відремонтувати дорогу до школи", BODY, "Іван Петренко", "ivan@example.com"
    )
    clock.advance(days=3)  # Monday: one working day has passed
    assert await service.overdue_moderation() == []
    clock.advance(days=1, minutes=1)  # Tuesday 15:01
    assert [p.id for p in await service.overdue_moderation()] == [petition.id]
    assert await service.mark_reminded(petition.id)
    assert await service.overdue_moderation() == []


async def test_deleting_a_resident_removes_signatures_and_unpublished_petitions(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock)
    author, signer = await make_residents(db, clock, 2)
    public_id = await published(service, author)
    draft_like = await service.submit(
        author, "Ще одна петиція автора", BODY, "Іван Петренко", "ivan@example.com"
    )
    other_id = await published(service, signer)
    await service.sign(other_id, author, "Іван Петренко", phone(1))
    await service.sign(public_id, signer, "Олена Коваленко", phone(2))
    await ResidentRepository(db, clock).delete(author)
    kept = await service.get(public_id)
    assert kept is not None
    assert (kept.author_name, kept.author_email, kept.author_id) == ("Іван Петренко", None, None)
    assert kept.signatures == 1
    assert await service.get(draft_like.id) is None
    assert await service.count(other_id) == 0


async def test_withdrawn_consent_erases_signatures_and_keeps_published_names(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock)
    author, signer = await make_residents(db, clock, 2)
    public_id = await published(service, author)
    waiting = await service.submit(
        author, "Ще одна петиція автора", BODY, "Іван Петренко", "ivan@example.com"
    )
    await service.sign(public_id, signer, "Олена Коваленко", phone(2))
    await service.forget_resident(signer)
    await service.forget_resident(author)
    kept = await service.get(public_id)
    assert kept is not None
    assert (kept.author_name, kept.author_email, kept.signatures) == ("Іван Петренко", None, 0)
    assert await service.get(waiting.id) is None


async def test_demo_samples_cover_every_state_with_true_counts(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock)
    settings = await service.settings()
    assert await seed_demo_petitions(db, settings, clock.now) == len(SAMPLES)
    statuses = {s.status for s in SAMPLES}
    assert statuses == {"moderation", "collecting", "reached", "answered", "missed"}
    for tab in (Tab.COLLECTING, Tab.REVIEW, Tab.ANSWERED, Tab.MISSED):
        page = await service.page(tab, 0, 20)
        assert page.total >= 1, tab
        for petition in page.items:
            assert petition.signatures == await service.count(petition.id)
            assert petition.author_id is None
            if tab is Tab.COLLECTING:
                assert 0 < petition.signatures < settings.threshold
            if tab in (Tab.REVIEW, Tab.ANSWERED):
                assert petition.signatures == settings.threshold
    fictional = await db.fetchval(
        "SELECT COUNT(*) FROM petition_signatures WHERE resident_id IS NOT NULL"
    )
    assert fictional == 0, "demo signatories are not residents"


async def test_every_moderation_action_is_audited_with_its_change(
    db: Database, clock: FakeClock
) -> None:
    service = await make_service(db, clock, threshold=1)
    author, signer, moderator_id = await make_residents(db, clock, 3)
    moderator = Actor.resident(moderator_id)
    first = await service.submit(
        author, "Відремонтувати дорогу до школи", BODY, "Іван Петренко", "ivan@example.com"
    )
    second = await service.submit(
        author, "Полагодити ліхтарі на Садовій", BODY, "Іван Петренко", "ivan@example.com"
    )
    await service.approve(first.id, moderator)
    await service.refuse(second.id, "Не стосується громади", moderator)
    with pytest.raises(WrongStatus):
        await service.approve(second.id, moderator)
    with pytest.raises(WrongStatus):
        await service.record_answer(first.id, "Ще рано відповідати", True, moderator)
    await service.sign(first.id, signer, "Олена Коваленко", phone(1))
    await service.record_answer(first.id, "Рада підтримала петицію.", True, moderator)
    entries = await AuditLog(db, clock).entries()
    assert sorted((e.action, e.object.id, e.actor_id) for e in entries) == sorted(
        [
            ("petition.approve", str(first.id), moderator_id),
            ("petition.refuse", str(second.id), moderator_id),
            ("petition.answer", str(first.id), moderator_id),
        ]
    ), "refused attempts leave no row"


def test_the_petitions_section_is_optional_and_checked() -> None:
    text = DEMO_FILE.read_text(encoding="utf-8")
    without = text[: text.index("\npetitions:")]
    assert parse_community(without).petitions is None
    bad = without + "\npetitions:\n  threshold: 0\n  period_days: 45\n"
    with pytest.raises(CommunityFileError, match=r"petitions\.threshold"):
        parse_community(bad, "demo.yaml")
    typo = without + "\npetitions:\n  treshold: 100\n"
    with pytest.raises(CommunityFileError, match=r"petitions\.treshold"):
        parse_community(typo, "demo.yaml")
