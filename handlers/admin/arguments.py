"""Officials' command arguments: resident numbers, role names, scopes. Plain functions, so
every odd input (superscript digits, huge numbers, endless text, HTML) is tested directly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storage.roles import COMMUNITY, SCOPE_PATTERN, Role
from ui.arguments import NUMBER_LIMIT, ascii_number
from ui.arguments import echo as echo  # the shared parser, re-exported for the admin commands
from ui.arguments import split_arguments as split_arguments

MAX_RESIDENT_NUMBER = NUMBER_LIMIT  # exclusive; SQLite ids stay far below it


def resident_number(text: str) -> int | None:
    """A resident number as shown in /mydata: a positive integer below 2^53."""
    return ascii_number(text, least=1, below=MAX_RESIDENT_NUMBER)


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
