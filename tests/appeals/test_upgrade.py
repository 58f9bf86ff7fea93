"""Upgrading to deadlines by the law (migration 0020): appeals already registered keep the
deadline they were given; the loaded community file, stored with deadlines by kind, is carried
over to the new settings; a community file still naming them is told what to write instead.
Named reports of reporters erased before the upgrade lose the name."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import aiosqlite
import pytest
from pydantic import ValidationError

from storage.appeals.config import AppealSettings
from storage.community import CommunityFileError, CommunityRepository, parse_community
from storage.database import MIGRATIONS_DIR, Database
from tests.harness import DEMO_FILE

BEFORE = 20
APPEAL = (
    "INSERT INTO appeals(number, resident_id, kind, topic, body, full_name, address, phone, "
    "status, received_at, received_on, due_on) VALUES (?, 1, ?, 'roads', 'Прошу полагодити.', "
    "'Олена Коваленко', 'вул. Шкільна, 1', '+380671234567', 'registered', "
    "'2026-11-20T07:00:00Z', '2026-11-20', ?)"
)


def old_document(**by_kind: int) -> str:
    """The demo community as the previous release stored it: deadlines by kind."""
    document = json.loads(parse_community(DEMO_FILE.read_text(encoding="utf-8")).model_dump_json())
    appeals = document["appeals"]
    del appeals["answer_days"], appeals["no_study_days"]
    appeals.update(by_kind)
    return json.dumps(document, ensure_ascii=False)


async def database_before(path: Path, document: str) -> None:
    async with aiosqlite.connect(path) as conn:
        for script in sorted(MIGRATIONS_DIR.glob("*.sql")):
            version = int(script.name[:4])
            if version < BEFORE:
                await conn.executescript(script.read_text(encoding="utf-8"))
                await conn.execute(
                    "INSERT INTO schema_version(version, name) VALUES (?, ?)",
                    (version, script.name),
                )
        await conn.execute(
            "INSERT INTO community(id, code, document, loaded_at) "
            "VALUES (1, 'demo', ?, '2026-11-01T00:00:00Z')",
            (document,),
        )
        await conn.execute(
            "INSERT INTO residents(id, consent, created_at) "
            "VALUES (1, 'given', '2026-11-01T00:00:00Z')"
        )
        for report in (1, 2):  # the first reporter still here; the second erased long ago
            await conn.execute(
                "INSERT INTO reports(id, category, description, place_text, reporter_name, "
                "reporter_phone, status, created_at, updated_at) VALUES (?, 'roads', "
                "'Яма на дорозі', 'вул. Шкільна', 'Олена Коваленко', '+380671234567', 'new', "
                "'2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
                (report,),
            )
        await conn.execute(
            "INSERT INTO report_followers(report_id, resident_id, reporter) VALUES (1, 1, 1)"
        )
        await conn.execute(APPEAL, ("Зв-2026-0001", "statement", "2026-12-05"))
        await conn.execute(APPEAL, ("Зв-2026-0002", "complaint", "2026-12-20"))
        await conn.commit()


@pytest.mark.parametrize(
    ("by_kind", "expected"),
    [
        ({"statement_days": 15, "complaint_days": 30, "proposal_days": 30}, (30, 15)),
        ({"statement_days": 10, "complaint_days": 25, "proposal_days": 20}, (25, 10)),
        (
            {"statement_days": 20, "complaint_days": 40, "proposal_days": 30, "max_days": 45},
            (31, 15),
        ),
    ],
)
async def test_registered_deadlines_stay_and_the_settings_carry_over(
    tmp_path: Path, by_kind: dict[str, int], expected: tuple[int, int]
) -> None:
    path = tmp_path / "old.sqlite3"
    await database_before(path, old_document(**by_kind))
    db = await Database.open(path)
    try:
        rows = await db.fetchall("SELECT number, due_on, no_study_at FROM appeals ORDER BY id")
        assert [tuple(r) for r in rows] == [
            ("Зв-2026-0001", "2026-12-05", None),
            ("Зв-2026-0002", "2026-12-20", None),
        ]
        community = await CommunityRepository(db).get()
        assert community is not None
        settings = community.appeals
        assert (settings.answer_days, settings.no_study_days) == expected
        assert settings.max_days == by_kind.get("max_days", 45)
        assert settings.topic("roads") is not None
        assert date.fromisoformat(str(rows[0]["due_on"])) == date(2026, 12, 5)
        reporters = await db.fetchall("SELECT reporter_name FROM reports ORDER BY id")
        assert [r["reporter_name"] for r in reporters] == ["Олена Коваленко", None]
    finally:
        await db.close()


def test_a_file_with_deadlines_by_kind_says_what_to_write() -> None:
    text = DEMO_FILE.read_text(encoding="utf-8").replace(
        "  answer_days: 30", "  statement_days: 15\n  answer_days: 30"
    )
    with pytest.raises(CommunityFileError) as error:
        parse_community(text, "my-hromada.yaml")
    message = str(error.value)
    assert "my-hromada.yaml: appeals:" in message
    assert "statement_days: the answer deadline no longer depends on the kind" in message
    assert "answer_days (default 30) and no_study_days (default 15" in message


def test_deadline_settings_keep_to_the_law() -> None:
    assert AppealSettings().answer_days == 30
    for wrong in (
        {"answer_days": 32},
        {"no_study_days": 16},
        {"max_days": 46},
        {"answer_days": 20, "no_study_days": 21},
        {"answer_days": 30, "max_days": 29},
    ):
        with pytest.raises(ValidationError):
            AppealSettings(**wrong)
