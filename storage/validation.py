"""Validation errors in words an installer understands: where the problem is and what is
expected there, instead of pydantic's own phrasing («Value error, ...», «Input should be a
valid integer, unable to parse string as an integer»). Shared by the community file and the
settings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pydantic_core import ErrorDetails

from storage.schema import CODE_PATTERN

Location = tuple[int | str, ...]
# A validator's message may start with the path of the field it is about, below the value it
# checked: "services[2].category: unknown category 'x'". Several are joined with "; ".
_PATH_PREFIX = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): (.+)$", re.DOTALL)
_PATH_PART = re.compile(r"([a-z_]+)|\[(\d+)\]")
_SHOWN_INPUT = 60
_A_LIST = "expected a list (e.g. [a, b], or lines starting with '- ')"


def shown(value: Any) -> str:
    text = str(value)
    if len(text) > _SHOWN_INPUT:
        text = text[: _SHOWN_INPUT - 1] + "…"
    return f"'{text}'"


def _what_to_write(type_: str, item: ErrorDetails) -> str | None:
    """The expectation behind one kind of pydantic error, or None to keep its message."""
    got = shown(item.get("input"))
    ctx: dict[str, Any] = dict(item.get("ctx") or {})
    words: dict[str, Callable[[], str]] = {
        "missing": lambda: "is required but missing",
        "extra_forbidden": lambda: "is not a known field (check its spelling and indentation)",
        "int_parsing": lambda: f"expected a whole number, not {got}",
        "int_type": lambda: f"expected a whole number, not {got}",
        "int_from_float": lambda: f"expected a whole number, not {got}",
        "float_parsing": lambda: f"expected a number, not {got}",
        "float_type": lambda: f"expected a number, not {got}",
        "bool_parsing": lambda: f"expected true or false, not {got}",
        "bool_type": lambda: f"expected true or false, not {got}",
        "string_type": lambda: f"expected text, not {got}",
        "date_from_datetime_parsing": lambda: _not_a_date(got),
        "date_parsing": lambda: _not_a_date(got),
        "date_type": lambda: _not_a_date(got),
        "date_from_datetime_inexact": lambda: _not_a_date(got),
        "time_parsing": lambda: f"{got} is not a time of day: write HH:MM, e.g. 18:00",
        "time_type": lambda: f"{got} is not a time of day: write HH:MM in quotes, e.g. '18:00'",
        "literal_error": lambda: f"must be {ctx.get('expected')}, not {got}",
        "enum": lambda: f"must be {ctx.get('expected')}, not {got}",
        "greater_than_equal": lambda: f"must be at least {ctx.get('ge')}, not {got}",
        "greater_than": lambda: f"must be more than {ctx.get('gt')}, not {got}",
        "less_than_equal": lambda: f"must be at most {ctx.get('le')}, not {got}",
        "less_than": lambda: f"must be less than {ctx.get('lt')}, not {got}",
        "string_too_short": lambda: _too_short(ctx.get("min_length")),
        "string_too_long": lambda: f"is too long: at most {ctx.get('max_length')} characters",
        "too_short": lambda: f"needs at least {ctx.get('min_length')} item(s)",
        "too_long": lambda: f"may have at most {ctx.get('max_length')} item(s)",
        "list_type": lambda: f"{_A_LIST}, not {got}",
        "tuple_type": lambda: f"{_A_LIST}, not {got}",
        "dict_type": lambda: f"expected a block of 'name: value' lines here, not {got}",
        "model_type": lambda: f"expected a block of 'name: value' lines here, not {got}",
        "model_attributes_type": lambda: f"expected a block of 'name: value' lines, not {got}",
        "string_pattern_mismatch": lambda: _pattern(ctx.get("pattern"), got),
    }
    found = words.get(type_)
    return found() if found else None


def _not_a_date(got: str) -> str:
    return f"{got} is not a date that exists: write YYYY-MM-DD, e.g. 2026-12-25"


def _too_short(length: Any) -> str:
    return "must not be empty" if length == 1 else f"must be at least {length} characters"


def _pattern(pattern: Any, got: str) -> str:
    if pattern == CODE_PATTERN:
        return (
            f"{got} is not a valid code: use lowercase Latin letters, digits and hyphens, "
            "up to 31 characters (e.g. kalynivka)"
        )
    return f"{got} does not have the expected form"


def _join(loc: Location, path: str) -> Location:
    """The location of a path a validator named inside the value at `loc`."""
    parts: list[int | str] = list(loc)
    for name, index in _PATH_PART.findall(path):
        parts.append(int(index) if index else name)
    return tuple(parts)


def problems(item: ErrorDetails) -> Iterator[tuple[Location, str]]:
    """One pydantic error as (where, what is wrong) pairs; a validator that named several
    fields gives one pair each."""
    loc: Location = tuple(item["loc"])
    message = _what_to_write(item["type"], item)
    if message is not None:
        yield loc, message
        return
    text = str(item["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    parts = text.split("; ")
    matched = [_PATH_PREFIX.match(part) for part in parts]
    if all(matched):
        for match in matched:
            assert match is not None
            yield _join(loc, match.group(1)), match.group(2)
        return
    yield loc, text


def dotted(loc: Sequence[int | str]) -> str:
    """('cnap', 'places', 0, 'capacity') -> 'cnap.places[0].capacity'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
