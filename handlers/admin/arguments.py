"""Officials' command arguments: resident numbers, role names, scopes. Plain functions, so
every odd input (superscript digits, huge numbers, endless text, HTML) is tested directly."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storage.roles import COMMUNITY, SCOPE_PATTERN, Role

MAX_RESIDENT_NUMBER = 2**53  # exclusive; SQLite ids stay far below it
# ASCII digits only: str.isdigit() and int() also take '²', '٣' and '1_000'.
_NUMBER = re.compile(r"[0-9]{1,16}")
MAX_ARGUMENTS_LENGTH = 200
ECHO_LIMIT = 40


def resident_number(text: str) -> int | None:
    """A resident number as shown in /mydata: a positive integer below 2^53."""
    if not _NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number < MAX_RESIDENT_NUMBER else None


def split_arguments(raw: str | None, least: int, most: int) -> list[str] | None:
    """The words after the command, when there are `least`..`most` of them in a sane length."""
    text = raw or ""
    if len(text) > MAX_ARGUMENTS_LENGTH:
        return None
    words = text.split()
    return words if least <= len(words) <= most else None


def echo(text: str) -> str:
    """A typed argument shortened for quoting back (escape it before putting it in HTML)."""
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 1] + "…"


def role_words(aliases: Mapping[Role, Iterable[str]]) -> dict[str, Role]:
    """Every accepted spelling of every role: its English code and the given aliases."""
    words: dict[str, Role] = {}
    for role in Role:
        words[role.value] = role
        words[role.value.replace("_", "-")] = role
        for alias in aliases.get(role, ()):
            if alias.strip():
                words[alias.strip().casefold()] = role
    return words


def parse_role(word: str, words: Mapping[str, Role]) -> Role | None:
    return words.get(word.casefold())


@dataclass(frozen=True, slots=True)
class ScopeProblem:
    """Why a scope was refused: it is malformed, not one of `known`, or not allowed at all."""

    kind: str  # "not_allowed" | "unknown"
    known: tuple[str, ...] = ()


def check_scope_for(role: Role, scope: str, known: Iterable[str]) -> ScopeProblem | None:
    """A scope the role may be granted in: '' (community-wide) or one of the known codes."""
    known_codes = tuple(known)
    if scope == COMMUNITY:
        return None
    if role is Role.ADMINISTRATOR or not known_codes:
        return ScopeProblem("not_allowed")
    if not SCOPE_PATTERN.fullmatch(scope) or scope not in known_codes:
        return ScopeProblem("unknown", known_codes)
    return None
