"""What residents and officials type: names and phones for a booking, comments, the time
range and reason of a closure."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from storage.queue.rules import (
    WHOLE_DAY,
    booking_contact,
    clean_comment,
    clean_name,
    clean_reason,
    comment_too_long,
    name_problem,
    normalise_phone,
    parse_range,
    range_bounds,
)
from storage.queue.schedule import KYIV
from tests.harness import utc


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Олена Петренко", "Олена Петренко"),
        ("  Анна-Марія   Дʼячук ", "Анна-Марія Дʼячук"),
        ("Ivan O'Brien", "Ivan O'Brien"),
    ],
)
def test_a_full_name_is_kept_tidy(typed: str, kept: str) -> None:
    assert clean_name(typed) == kept


@pytest.mark.parametrize(
    "typed",
    ["Олена", "Олена 2", "Ол", "<b>Олена</b> Петренко", "https://x.ua Петренко", "Я " + "я" * 80],
)
def test_a_name_the_office_cannot_use_is_asked_again(typed: str) -> None:
    assert clean_name(typed) is None


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("Олена", "one_word"),
        ("Олена 👩 Коваленко", "symbols"),
        ("Олена 2 Коваленко", "symbols"),
        ("Ол", "length"),
        ("Олена Коваленко", None),
        ("О. Коваленко", None),
    ],
)
def test_a_refused_name_says_why(typed: str, problem: str | None) -> None:
    assert name_problem(typed) == problem


def test_ukrainian_names_get_one_apostrophe() -> None:
    assert clean_name("Мар'яна Дем’янчук") == "Марʼяна Демʼянчук"
    assert clean_name("Ivan O'Brien") == "Ivan O'Brien", "a Latin name keeps its own"


def test_a_shared_phone_always_starts_with_plus() -> None:
    assert normalise_phone("380671234567") == "+380671234567"
    assert normalise_phone("+380671234567") == "+380671234567"


def test_a_booking_needs_a_name_and_a_phone() -> None:
    assert booking_contact(" Олена  Петренко ", " +380671234567 ") == (
        "Олена Петренко",
        "+380671234567",
    )
    with pytest.raises(ValueError, match="a name"):
        booking_contact("  ", "+380671234567")
    with pytest.raises(ValueError, match="phone"):
        booking_contact("Олена Петренко", "")


def test_a_comment_is_squeezed_and_limited() -> None:
    assert clean_comment("  Швидко і   ввічливо ") == "Швидко і ввічливо"
    assert clean_comment("   ") is None
    assert clean_comment(None) is None
    assert comment_too_long("я" * 1001)
    assert not comment_too_long(" " + "я" * 1000 + " ")


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("13:00-15:30", ("13:00", "15:30")),
        (" 9.00 – 12.00 ", ("09:00", "12:00")),
        ("00:00—24:00", WHOLE_DAY),
        ("15:00-13:00", None),
        ("12:00-12:00", None),
        ("10:60-11:00", None),
        ("24:00-24:30", None),
        ("23:00-24:30", None),
        ("13:00", None),
        ("з 13 до 15", None),
    ],
)
def test_a_closure_range(typed: str, parsed: tuple[str, str] | None) -> None:
    assert parse_range(typed) == parsed


def test_a_closure_range_is_read_in_kyiv_time() -> None:
    day = date(2026, 11, 24)
    start, end = range_bounds(day, "13:00", "15:30", KYIV)
    assert (start, end) == (utc(2026, 11, 24, 11, 0), utc(2026, 11, 24, 13, 30))
    whole = range_bounds(day, *WHOLE_DAY, KYIV)
    assert whole == (utc(2026, 11, 23, 22, 0), utc(2026, 11, 24, 22, 0))


def test_closing_the_whole_autumn_change_day_closes_its_25_hours() -> None:
    start, end = range_bounds(date(2026, 10, 25), *WHOLE_DAY, KYIV)
    assert (start, end) == (utc(2026, 10, 24, 21, 0), utc(2026, 10, 25, 22, 0))
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=25)


def test_a_closure_reason() -> None:
    assert clean_reason("  Відключення   світла ") == "Відключення світла"
    assert clean_reason("ой") is None
    assert clean_reason("я" * 201) is None
