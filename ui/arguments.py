"""Numbers and words that come from outside (callback data, command arguments, stored FSM
data), checked once before they reach a service: ASCII digits only, bounded, length-limited.

`str.isdigit()` and `int()` also take '²', '٣', ' 5', '+5' and '1_000'; SQLite integers end
at 2^63. Nothing of ours comes near 2^53."""

from __future__ import annotations

import re
from typing import Any

NUMBER_LIMIT = 2**53  # exclusive
_NUMBER = re.compile(r"[0-9]{1,16}")
MAX_ARGUMENTS_LENGTH = 200
ECHO_LIMIT = 40


def ascii_number(text: str, *, least: int = 0, below: int = NUMBER_LIMIT) -> int | None:
    """`text` as a whole number in least..below-1, written in ASCII digits only; else None."""
    if not _NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if least <= number < below else None


def stored_number(value: Any) -> int | None:
    """A number kept in FSM data (an int, or digits from an older version); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < NUMBER_LIMIT else None
    return ascii_number(value) if isinstance(value, str) else None


def split_arguments(raw: str | None, least: int, most: int) -> list[str] | None:
    """The words after a command, when there are `least`..`most` of them in a sane length."""
    text = raw or ""
    if len(text) > MAX_ARGUMENTS_LENGTH:
        return None
    words = text.split()
    return words if least <= len(words) <= most else None


def echo(text: str) -> str:
    """A typed argument shortened for quoting back (escape it before putting it in HTML)."""
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 1] + "…"
