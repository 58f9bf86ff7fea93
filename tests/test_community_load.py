"""`python -m bot load` as a town's IT person meets it: errors in one readable line, a file
saved in the wrong encoding, what `--check` tells, and a file that closes days with visits
booked on them (listed, confirmed, cancelled, every resident told with a rebook button)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.loading import LoadOptions, run_load
from storage.community import parse_community
from tests.harness import DEMO_FILE, BotEnv
from tests.queue.chat import MAIN, book, booking_rows, onboard
from tests.test_config import run_bot

DEMO = DEMO_FILE.read_text(encoding="utf-8")
UNREADABLE = ("Traceback", "Value error", "(top level)", "Input should", "invalid literal")


def demo_with(old: str, new: str) -> str:
    assert old in DEMO, old
    return DEMO.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            demo_with("    - 2026-12-25\n", "    - 2026-13-45\n"),
            "cnap.closed_dates[0]: '2026-13-45' is not a date that exists: write YYYY-MM-DD",
        ),
        (
            demo_with("        - { day: 2026-12-31,", "        - { day: 2026-02-30,"),
            "cnap.places[0].exceptions[0].day: '2026-02-30' is not a date that exists",
        ),
        (
            demo_with("capacity: 3", "capacity: three"),
            "cnap.places[0].capacity: expected a whole number, not 'three'",
        ),
        (
            demo_with(
                "{ code: yabluniv, kind: city,", "{ code: yabluniv, kind: city, district: x,"
            ),
            "settlements[0].district: unknown district 'x'",
        ),
        (
            demo_with("category: passport\n", "category: passports\n"),
            "cnap.services[0].category: unknown category 'passports'",
        ),
        (
            demo_with("kind: main\n", "kind: central\n"),
            "cnap.places[0].kind: must be 'main' or 'remote', not 'central'",
        ),
    ],
)
def test_a_wrong_file_gets_one_readable_line_naming_the_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    broken = tmp_path / "town.yaml"
    broken.write_text(text, encoding="utf-8")
    result = run_bot(tmp_path, "load", str(broken))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{broken}: " + result.stderr.strip().partition(": ")[2]
    assert expected in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    for words in UNREADABLE:
        assert words not in result.stderr


def test_a_file_saved_as_windows_1251_says_how_to_save_it_as_utf8(tmp_path: Path) -> None:
    saved = tmp_path / "town.yaml"
    saved.write_bytes(DEMO.encode("cp1251", errors="replace"))
    result = run_bot(tmp_path, "load", str(saved))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert line.count("\n") == 0
    assert line.startswith(f"{saved}: the file is not saved as UTF-8 (it looks like Windows-1251)")
    assert "save it as UTF-8" in line


def test_a_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    saved = tmp_path / "town.yaml"
    saved.write_bytes(b"\xef\xbb\xbf" + DEMO.encode("utf-8"))
    result = run_bot(tmp_path, "load", str(saved), "--check")
    assert result.returncode == 0, result.stderr


def test_an_unquoted_time_is_a_time_not_a_number() -> None:
    community = parse_community(
        demo_with('remind_day_before_at: "18:00"', "remind_day_before_at: 19:30")
    )
    assert community.cnap is not None
    assert community.cnap.settings.remind_day_before_at.isoformat() == "19:30:00"


def test_check_summarises_the_file_and_what_would_change(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "load", str(DEMO_FILE), "--check")
    assert result.returncode == 0, result.stderr
    assert "valid: 9 settlements in 3 districts, 3 ЦНАП places with" in result.stdout
    assert "FAQ entries" in result.stdout
    assert "Nothing is loaded into" in result.stdout
    assert not (tmp_path / "data").exists(), "--check creates no database"

    loaded = run_bot(tmp_path, "load", str(DEMO_FILE))
    assert loaded.returncode == 0
    assert loaded.stderr == "", "only the load's own lines: no log noise"
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        DEMO.replace(
            "  - { code: pidhirne,",
            "  - { code: sadove, kind: village, name: { uk: с. Садове } }\n  - { code: pidhirne,",
        )
        .replace(
            "  - { code: lisove, kind: village, district: ozerne, name: { uk: с. Лісове, "
            "en: Lisove } }\n",
            "",
        )
        .replace('        sat: ["08:00-13:00"]\n', "", 1),
        encoding="utf-8",
    )
    result = run_bot(tmp_path, "load", str(changed), "--check")
    assert result.returncode == 0, result.stderr
    assert "settlements added: sadove" in result.stdout
    assert "settlements hidden (kept for residents who chose them): lisove" in result.stdout
    assert "days closed in the booking window: main " in result.stdout, "Saturdays are gone"
    assert "booked visits affected: 0" in result.stdout


def closing_tuesday(tmp_path: Path) -> Path:
    closed = tmp_path / "closed.yaml"
    closed.write_text(demo_with("  closed_dates:\n", "  closed_dates:\n    - 2026-11-24\n"))
    return closed


async def load(env: BotEnv, path: Path, **options: bool) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_load(
        env.settings,
        LoadOptions(str(path), **options),
        stdin=io.StringIO(""),  # not a terminal: nobody to ask
        stdout=out,
        stderr=err,
        clock=env.clock,
    )
    return code, out.getvalue(), err.getvalue()


async def test_closing_a_booked_day_by_file_lists_asks_and_tells_every_resident(
    env: BotEnv, tmp_path: Path
) -> None:
    olena = env.resident(1001)
    john = env.resident(1002, language_code="en", first_name="John")
    await onboard(olena)
    await onboard(john, settlement="Kalynivka", language="English")
    await book(olena, day=1, time=0)  # Tuesday 24 November, 08:00
    await book(olena, day=0, time=0)  # today, not touched
    await john.click("🏠")
    await john.click("Services")
    await john.click("Book")
    await john.click("Yabluniv")
    await john.click("Residence")
    await john.click("Declaring")
    await john.click_nth(1)
    await john.click_nth(1)
    await john.send("John Smith")
    await john.click("Share my number")
    await john.click("Confirm")
    codes = [str(r["code"]) for r in await booking_rows(env)]

    code, out, err = await load(env, closing_tuesday(tmp_path))
    assert code == 1
    assert "days closed in the booking window: main 2026-11-24" in out
    assert "booked visits affected: 2" in out
    assert codes[0] in out
    assert codes[2] in out
    assert codes[1] not in out
    assert "not loaded: 2 booked visits would be cancelled. Run again with --yes" in err
    assert [r["status"] for r in await booking_rows(env)] == ["booked"] * 3, "nothing changed"

    code, out, _ = await load(env, closing_tuesday(tmp_path), assume_yes=True)
    assert code == 0
    assert "Cancelled 2 visits" in out
    rows = await booking_rows(env)
    assert [(r["status"], r["cancel_reason"]) for r in rows] == [
        ("cancelled", "closed"),
        ("booked", None),
        ("cancelled", "closed"),
    ]
    assert await env.deliver() == 2, "the running bot's sender delivers what load queued"
    assert "Прийом скасовано" in olena.last_text
    assert "ЦНАП змінив графік роботи" in olena.last_text
    assert MAIN in olena.last_text
    assert "Visit cancelled" in john.last_text
    assert "the ЦНАП changed its working hours" in john.last_text

    shown = await olena.click("Обрати інший час")
    assert "Оберіть день" in shown[-1]
    assert "вт, 24.11" not in olena.buttons()
    entries = await env.services.audit.entries()
    assert any(e.action == "cnap.file-cancel" and e.detail["cancelled"] == 2 for e in entries)


async def test_a_file_that_changes_nothing_booked_loads_without_asking(
    env: BotEnv, tmp_path: Path
) -> None:
    olena = env.resident()
    await onboard(olena)
    await book(olena, day=0, time=0)
    code, out, err = await load(env, closing_tuesday(tmp_path))
    assert (code, err) == (0, "")
    assert "booked visits affected: 0" in out
    assert "loaded into" in out
    assert await env.deliver() == 0
