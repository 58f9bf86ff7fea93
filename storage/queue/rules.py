"""What residents and officials type into the e-queue, checked and tidied in one place: a
name and phone for a booking, a booking code, a rating comment, a closure's time range and
reason. Each check returns None for input to ask again about."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from storage.queue.errors import InvalidInput

# Letters, spaces, apostrophes and hyphens; a letter at each end; no digits or markup.
NAME_PATTERN = re.compile(r"^[^\W\d_][^\d<>@/\\:;{}\[\]|*_#=+]{1,78}[^\W\d_]$")
NAME_LENGTH = (3, 80)
NameProblem = Literal["length", "symbols", "one_word"]
_NAME_MARKS = frozenset(" -.ʼ'’`")
_CYRILLIC_APOSTROPHE = re.compile(r"([а-щьюяєіїґА-ЩЬЮЯЄІЇҐ])['’`]([а-щьюяєіїґА-ЩЬЮЯЄІЇҐ])")
COMMENT_LIMIT = 1000
CODE_PREFIX = "К-"
REASON_LENGTH = (3, 200)
WHOLE_DAY = ("00:00", "24:00")
_RANGE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")


def squeeze(text: str) -> str:
    """Runs of whitespace become one space; no space at either end."""
    return " ".join(text.split())


def name_problem(text: str) -> NameProblem | None:
    """Why a typed full name cannot go on a booking: its length, a character that is not a
    letter, space, apostrophe, hyphen or dot (digits, markup, emoji), or a single word
    where the ЦНАП needs the first name and the surname."""
    name = squeeze(text)
    if not NAME_LENGTH[0] <= len(name) <= NAME_LENGTH[1]:
        return "length"
    if not all(_name_character(ch) for ch in name) or not NAME_PATTERN.match(name):
        return "symbols"
    if sum(1 for word in name.split(" ") if any(ch.isalpha() for ch in word)) < 2:
        return "one_word"
    return None


def _name_character(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M") or ch in _NAME_MARKS


def clean_name(text: str) -> str | None:
    """A full name as a resident types it for a booking, tidied (between Ukrainian letters
    one apostrophe, ʼ); None when `name_problem` finds one."""
    if name_problem(text) is not None:
        return None
    return _CYRILLIC_APOSTROPHE.sub("\\1ʼ\\2", squeeze(text))


def normalise_phone(number: str) -> str:
    """A phone number from the messenger's contact button, always with its leading '+'."""
    return number if number.startswith("+") else f"+{number}"


def booking_contact(full_name: str, phone: str) -> tuple[str, str]:
    """Name and phone as stored on a confirmed booking."""
    full_name, phone = squeeze(full_name), phone.strip()
    if not 1 <= len(full_name) <= 200 or not 1 <= len(phone) <= 32:
        raise InvalidInput("a booking needs a name (up to 200 characters) and a phone number")
    return full_name, phone


def normalise_code(text: str) -> str:
    """'к-4821', 'K4821' (Latin) or '4821' -> 'К-4821'."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return f"{CODE_PREFIX}{digits}"


def comment_too_long(text: str) -> bool:
    return len(text.strip()) > COMMENT_LIMIT


def clean_comment(text: str | None) -> str | None:
    """A rating comment as stored: squeezed and cut at the limit; None when empty."""
    return squeeze(text or "")[:COMMENT_LIMIT] or None


def parse_range(text: str) -> tuple[str, str] | None:
    """'13:00-15:30' (or '13.00 – 15.30') -> ('13:00', '15:30'); '24:00' may end a range."""
    match = _RANGE.match(text)
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2 != 0):
        return None
    if (h1, m1) >= (h2, m2):
        return None
    return f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"


def range_bounds(day: date, start: str, end: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The moments at which a range of wall-clock times ('HH:MM') on a local day begins and
    ends; '24:00' is the next midnight."""

    def at(hhmm: str) -> datetime:
        hours, minutes = (int(p) for p in hhmm.split(":"))
        base = datetime.combine(day, time(0), tzinfo=zone)
        return (base + timedelta(hours=hours, minutes=minutes)).astimezone(zone)

    return at(start), at(end)


def clean_reason(text: str) -> str | None:
    """The reason an operator gives for a closure, as residents will read it."""
    reason = squeeze(text)
    shortest, longest = REASON_LENGTH
    return reason if shortest <= len(reason) <= longest else None


# A phone number as E.164 allows: '+', then 7 to 15 ASCII digits.
_PHONE = re.compile(r"\+[0-9]{7,15}")


def clean_phone(number: str) -> str | None:
    """A phone number from the messenger's contact button as stored ('+380671234567'); None
    for anything no phone network could ring (40 digits, letters)."""
    phone = normalise_phone("".join(number.split()))
    return phone if _PHONE.fullmatch(phone) else None
