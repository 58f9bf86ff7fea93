"""Texts: the same keys in every language, correct Ukrainian plurals, Kyiv dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from tests.harness import utc
from ui.i18n import LOCALES_DIR, Texts

HANDLER_DIRS = [Path(__file__).resolve().parent.parent / d for d in ("bot", "handlers")]


def message_ids(language: str) -> set[str]:
    ids: set[str] = set()
    for file in (LOCALES_DIR / language).glob("*.ftl"):
        resource = FluentParser().parse(file.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{file} has syntax errors: {[(j.content or '')[:60] for j in junk]}"
        ids |= {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}
    return ids


def test_both_languages_have_the_same_keys() -> None:
    uk, en = message_ids("uk"), message_ids("en")
    assert uk, "no Ukrainian texts found"
    assert uk - en == set(), "missing in English"
    assert en - uk == set(), "missing in Ukrainian"


def test_every_key_used_in_code_exists() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*["']([a-z0-9-]+)["']""")
    for folder in HANDLER_DIRS:
        for file in folder.rglob("*.py"):
            used |= set(pattern.findall(file.read_text(encoding="utf-8")))
    assert used, "the scan found no texts at all"
    assert used - message_ids("uk") == set()


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 мешканець"),
        (2, "2 мешканці"),
        (5, "5 мешканців"),
        (11, "11 мешканців"),
        (21, "21 мешканець"),
        (22, "22 мешканці"),
        (25, "25 мешканців"),
    ],
)
def test_ukrainian_plurals(count: int, expected: str) -> None:
    assert Texts().get("uk")("n-residents", count=count) == expected


@pytest.mark.parametrize(("count", "expected"), [(1, "1 resident"), (2, "2 residents")])
def test_english_plurals(count: int, expected: str) -> None:
    assert Texts().get("en")("n-residents", count=count) == expected


def test_dates_are_shown_in_kyiv_time_and_ukrainian_format() -> None:
    t = Texts().get("uk")
    winter = utc(2026, 11, 24, 7, 30)  # 09:30 in Kyiv (UTC+2)
    summer = utc(2026, 7, 6, 6, 30)  # 09:30 in Kyiv (UTC+3)
    assert t.datetime(winter) == "вт, 24 листопада, 09:30"
    assert t.datetime(summer) == "пн, 6 липня, 09:30"
    assert t.date(winter) == "вівторок, 24 листопада"
    assert t.full_datetime(winter) == "24.11.2026, 09:30"


def test_unknown_language_gets_the_default() -> None:
    texts = Texts()
    assert texts.pick_language(None, "pl") == "uk"
    assert texts.pick_language(None, "en-US") == "en"
    assert texts.pick_language("en", "uk") == "en"
    assert texts.get("xx").language == "uk"


# An apostrophe between two Ukrainian letters («імʼя», «сімʼя») must be ʼ (U+02BC), the
# Ukrainian standard, never the typewriter ' or the quotation mark ’.
_WRONG_APOSTROPHE = re.compile(r"[а-щьюяєіїґА-ЩЬЮЯЄІЇҐ]['’`][а-щьюяєіїґА-ЩЬЮЯЄІЇҐ]")
DEMO_FILE = Path(__file__).resolve().parent.parent / "community" / "demo.yaml"


@pytest.mark.parametrize(
    "path",
    [*sorted((LOCALES_DIR / "uk").glob("*.ftl")), DEMO_FILE],
    ids=lambda p: p.name,
)
def test_ukrainian_texts_use_one_apostrophe(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    wrong = [m.group(0) for m in _WRONG_APOSTROPHE.finditer(text)]
    assert wrong == [], f"{path.name}: use ʼ in {wrong[:5]}"


def test_the_apostrophe_check_sees_the_wrong_ones() -> None:
    assert [m.group(0) for m in _WRONG_APOSTROPHE.finditer("ім'я, сім’я, імʼя")] == ["м'я", "м’я"]


@pytest.mark.parametrize("path", sorted((LOCALES_DIR / "en").glob("*.ftl")), ids=lambda p: p.name)
def test_english_texts_use_english_quotes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "«" not in text
    assert "»" not in text
    assert not re.search(r"[A-Za-z]'[A-Za-z]", text), "one apostrophe in English too: ’"


@pytest.mark.parametrize(
    ("days", "expected"),
    [(1, "найближчий 1 день"), (3, "найближчі 3 дні"), (14, "найближчі 14 днів"), (21, "21 день")],
)
def test_a_count_of_days_after_a_preposition_agrees(days: int, expected: str) -> None:
    t = Texts().get("uk")
    assert expected in t("queue-limit-window", days=days)
    assert expected in t("queue-no-days", days=days)


def test_a_date_after_a_preposition_is_in_the_genitive() -> None:
    t = Texts().get("uk")
    until = t.day_month(utc(2026, 12, 1, 10))
    text = t("queue-limit-monthly", count=4, until=until)
    assert "Знову записатися можна з 1 грудня." in text
    assert "вівторок" not in text


def test_english_names_the_office_once_then_one_term() -> None:
    english = "\n".join(f.read_text(encoding="utf-8") for f in (LOCALES_DIR / "en").glob("*.ftl"))
    assert english.count("ЦНАП (administrative services centre)") == 1
    assert english.lower().count("administrative services centre") == 1
    assert "ASC" not in english
    demo = DEMO_FILE.read_text(encoding="utf-8")
    assert "ASC" not in demo
    assert "Administrative Services Centre" not in demo
