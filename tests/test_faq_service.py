"""The FAQ service on a real SQLite database: answers, misses and feedback, and an index that
follows the loaded community file."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from storage.community import CommunityFile, CommunityRepository, read_community_file
from storage.database import Database
from storage.faq.repository import MISS_MAX_CHARS
from storage.faq.service import FaqService
from storage.residents import ResidentRepository
from tests.harness import DEMO_FILE, FakeClock, utc


@dataclass
class Faq:
    db: Database
    community: CommunityRepository
    service: FaqService
    clock: FakeClock


@pytest.fixture
async def faq(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Faq]:
    db = await Database.open(tmp_path / "faq.sqlite3")
    community = CommunityRepository(db, clock)
    await community.load(read_community_file(DEMO_FILE))
    yield Faq(db, community, FaqService(db, community, clock), clock)
    await db.close()


def demo_with(**changes: object) -> CommunityFile:
    raw = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    raw["faq"].update(changes)
    return CommunityFile.model_validate(raw)


async def test_a_question_gets_its_answer_and_two_others(faq: Faq) -> None:
    answer = await faq.service.ask("Як оформити субсидію?")
    assert answer.confident
    assert answer.best is not None
    assert answer.best.entry.code == "housing-subsidy"
    assert "Пенсійний фонд" in answer.best.entry.answer.uk
    assert len(answer.others) <= 2
    assert answer.best.entry.code not in [h.entry.code for h in answer.others]
    assert await faq.service.top_misses() == []


async def test_an_unanswerable_question_is_a_recorded_miss(faq: Faq) -> None:
    first = await faq.service.ask("Яка завтра   ПОГОДА?")
    faq.clock.advance(minutes=5)
    second = await faq.service.ask("яка завтра погода?")
    assert not first.confident
    assert first.best is None
    assert not second.confident
    misses = await faq.service.top_misses()
    assert [(m.question, m.count) for m in misses] == [("яка завтра погода?", 2)]
    assert misses[0].last_asked_at == utc(2026, 11, 23, 7, 5)
    columns = {r["name"] for r in await faq.db.fetchall("PRAGMA table_info(faq_misses)")}
    assert not any("resident" in c for c in columns), "misses are stored without who asked"


async def test_most_frequent_misses_first_and_text_capped(faq: Faq) -> None:
    for _ in range(3):
        await faq.service.repository.record_miss("рецепт борщу")
    await faq.service.repository.record_miss("курс долара")
    await faq.service.repository.record_miss("б" * 3000)
    misses = await faq.service.top_misses(2)
    assert [(m.question, m.count) for m in misses] == [("рецепт борщу", 3), ("курс долара", 1)]
    longest = await faq.db.fetchval("SELECT MAX(LENGTH(question)) FROM faq_misses")
    assert longest == MISS_MAX_CHARS


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "👍"])
async def test_empty_or_emoji_only_finds_nothing_and_records_nothing(faq: Faq, text: str) -> None:
    answer = await faq.service.ask(text)
    assert not answer.confident
    assert answer.others == ()
    assert await faq.service.top_misses() == []


async def test_html_and_a_huge_question_are_just_text(faq: Faq) -> None:
    answer = await faq.service.ask("<b>загубив</b> <i>паспорт</i>")
    assert answer.best is not None
    assert answer.best.entry.code == "passport-lost"
    assert answer.question == "<b>загубив</b> <i>паспорт</i>", "kept as typed; escaped when shown"
    started = time.perf_counter()
    huge = await faq.service.ask("де найближче укриття? " * 500)  # 11,500 characters
    assert time.perf_counter() - started < 2  # a sanity bound, not a speed goal (see bench/)
    assert huge.best is not None
    assert huge.best.entry.code == "shelters"


async def test_feedback_is_one_vote_per_resident_and_goes_with_the_resident(faq: Faq) -> None:
    residents = ResidentRepository(faq.db, faq.clock)
    ann = await residents.get_or_create("telegram", "1", "1")
    bob = await residents.get_or_create("telegram", "2", "2")
    await faq.service.record_feedback(ann.id, "waste", False)
    await faq.service.record_feedback(ann.id, "waste", True)  # changed her mind
    await faq.service.record_feedback(bob.id, "waste", False)
    await faq.service.record_feedback(ann.id, "heating", False)
    await faq.service.record_feedback(bob.id, "heating", False)
    await faq.service.record_feedback(bob.id, "gas", True)
    stats = await faq.service.top_unhelpful()
    assert [(s.entry_code, s.unhelpful, s.helpful) for s in stats] == [
        ("heating", 2, 0),
        ("waste", 1, 1),
    ]
    await residents.delete(bob.id)
    assert (
        await faq.db.fetchval("SELECT COUNT(*) FROM faq_feedback WHERE resident_id = ?", (bob.id,))
        == 0
    )
    stats = await faq.service.top_unhelpful()
    assert [(s.entry_code, s.unhelpful) for s in stats] == [("heating", 1)]


async def test_browsing_categories_and_entries(faq: Faq) -> None:
    categories = await faq.service.categories()
    assert [c.code for c in categories][:2] == ["cnap", "social"]
    in_idp = await faq.service.entries_in("idp")
    assert "idp-certificate" in [e.code for e in in_idp]
    assert all(e.category == "idp" for e in in_idp)
    entry = await faq.service.entry("my-starosta")
    assert entry is not None
    assert "Коваленко" in entry.answer.uk
    assert await faq.service.entry("nope") is None
    assert await faq.service.entries_in("nope") == []


async def test_the_index_is_built_once_and_rebuilt_only_when_the_faq_changes(faq: Faq) -> None:
    for question in ("субсидія", "садочок", "графік світла"):
        await faq.service.ask(question)
    assert faq.service.builds == 1

    # Another load of the same file (new object, same FAQ): nothing to rebuild.
    await faq.community.load(read_community_file(DEMO_FILE))
    await faq.service.ask("субсидія")
    assert faq.service.builds == 1

    raw = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    raw["faq"]["entries"].append(
        {
            "code": "beekeeping",
            "category": "land-business",
            "question": {"uk": "Як зареєструвати пасіку?"},
            "answer": {"uk": "Пасіку реєструють у ветеринарній лікарні, паспорт пасіки."},
            "synonyms": ["бджоли", "вулики"],
        }
    )
    await faq.community.load(CommunityFile.model_validate(raw))
    answer = await faq.service.ask("де зареєструвати пасіку з вуликами")
    assert faq.service.builds == 2
    assert answer.best is not None
    assert answer.best.entry.code == "beekeeping"
    assert await faq.service.entry("beekeeping") is not None


async def test_a_community_without_faq_answers_nothing(tmp_path: Path, clock: FakeClock) -> None:
    db = await Database.open(tmp_path / "empty.sqlite3")
    try:
        community = CommunityRepository(db, clock)
        service = FaqService(db, community, clock)
        assert not (await service.ask("паспорт")).confident  # nothing loaded yet
        raw = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
        del raw["faq"]
        await community.load(CommunityFile.model_validate(raw))
        assert not (await service.ask("паспорт")).confident
        assert await service.categories() == []
    finally:
        await db.close()
