"""The community YAML: clear errors with the path of the bad field, idempotent loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.community import (
    CommunityFileError,
    CommunityRepository,
    parse_community,
    read_community_file,
)
from storage.database import Database
from tests.harness import DEMO_FILE
from tests.test_config import run_bot

MINIMAL = """
community:
  code: test
  name: {uk: Тестова громада}
settlements:
  - {code: a, kind: city, name: {uk: м. А}}
  - {code: b, kind: village, name: {uk: с. Б, en: B}}
"""


def test_the_demo_file_is_valid() -> None:
    community = read_community_file(DEMO_FILE)
    assert len(community.settlements) >= 5
    assert community.community.name.get("en").startswith("Yablunivka")


@pytest.mark.parametrize(
    ("broken", "path"),
    [
        (MINIMAL.replace("kind: village", "kind: metropolis"), "settlements[1].kind"),
        (MINIMAL.replace("{uk: м. А}", "{en: A}"), "settlements[0].name.uk"),
        (MINIMAL.replace("code: b", "code: a"), "settlement code 'a' is used twice"),
        (MINIMAL.replace("code: test", "code: Тест"), "community.code"),
        (MINIMAL + "unexpected: 1\n", "unexpected"),
        (
            MINIMAL.replace("kind: city,", "kind: city, district: nowhere,"),
            "unknown district 'nowhere'",
        ),
    ],
)
def test_errors_name_the_bad_field(broken: str, path: str) -> None:
    with pytest.raises(CommunityFileError) as error:
        parse_community(broken, "c.yaml")
    assert path in str(error.value)
    assert str(error.value).startswith("c.yaml: ")


def test_not_yaml_at_all() -> None:
    with pytest.raises(CommunityFileError, match="not valid YAML") as error:
        parse_community("a: [1, 2", "c.yaml")
    assert str(error.value).startswith("c.yaml: line 1, column 9: not valid YAML")
    assert "\n" not in str(error.value)
    with pytest.raises(CommunityFileError, match="expected 'name: value' lines at the top"):
        parse_community("- just a list", "c.yaml")


async def test_loading_twice_changes_nothing_and_removed_settlements_are_hidden(
    tmp_path: Path,
) -> None:
    db = await Database.open(tmp_path / "c.sqlite3")
    try:
        repo = CommunityRepository(db)
        await repo.load(parse_community(MINIMAL))
        first = await repo.settlements()
        await repo.load(parse_community(MINIMAL))
        assert await repo.settlements() == first

        await repo.load(
            parse_community(
                MINIMAL.replace("  - {code: b, kind: village, name: {uk: с. Б, en: B}}\n", "")
            )
        )
        assert [s.code for s in await repo.settlements()] == ["a"]
        assert await repo.settlement_by_code("b") is None
        hidden = await repo.settlement(first[1].id)
        assert hidden is not None, "kept for residents who chose it"
        assert (await repo.get()) is not None
    finally:
        await db.close()


def test_load_command_reports_errors_and_loads(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("kind: village", "kind: metropolis"), encoding="utf-8")
    result = run_bot(tmp_path, "load", str(bad))
    assert result.returncode == 1
    assert "settlements[1].kind" in result.stderr
    assert "Traceback" not in result.stderr

    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    result = run_bot(tmp_path, "load", str(good))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "hromada.sqlite3").exists()


async def test_migrations_record_the_schema_version(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "m.sqlite3")
    try:
        version = await db.schema_version()
        assert version >= 1
        assert await db.migrate() == version, "a second run applies nothing"
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
    finally:
        await db.close()


async def test_a_load_by_another_process_reaches_the_bot_within_the_recheck(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.sqlite3"
    bot_db, other_db = await Database.open(path), await Database.open(path)
    seconds = [100.0]
    try:
        bot_side = CommunityRepository(bot_db, recheck_seconds=1.0, monotonic=lambda: seconds[0])
        await CommunityRepository(other_db).load(parse_community(MINIMAL))
        first = await bot_side.get()
        assert first is not None
        assert first.community.name.uk == "Тестова громада"
        assert await bot_side.get() is first, "parsed once, not per read"

        renamed = MINIMAL.replace("Тестова громада", "Нова громада")
        await CommunityRepository(other_db).load(parse_community(renamed))
        seconds[0] += 0.5
        still = await bot_side.get()
        assert still is not None
        assert still.community.name.uk == "Тестова громада", "no round trip before the recheck"
        seconds[0] += 0.6
        fresh = await bot_side.get()
        assert fresh is not None
        assert fresh.community.name.uk == "Нова громада"
        assert [s.code for s in await bot_side.settlements()] == ["a", "b"]
    finally:
        await bot_db.close()
        await other_db.close()
