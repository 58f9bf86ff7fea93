"""The community file (YAML): schema, validation with readable errors, idempotent loading."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from storage.appeals.config import AppealSettings
from storage.database import Database
from storage.faq.schema import FaqSection
from storage.petitions.config import PetitionSettings
from storage.queue.config import CnapConfig
from storage.schema import CODE_PATTERN, Strict, Text, require_unique
from storage.timeutil import Clock, to_db, utcnow
from storage.validation import dotted, problems

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
# YAML 1.1 integers without the base-60 form (PyYAML's own pattern otherwise).
_DECIMAL_INT = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
)

# Strict, Text, CODE_PATTERN and require_unique live in storage.schema; they stay importable
# from here for the sections other modules add to the file.
__all__ = [
    "CODE_PATTERN",
    "CommunityFile",
    "CommunityFileError",
    "CommunityInfo",
    "CommunityName",
    "CommunityRepository",
    "Contacts",
    "District",
    "Settlement",
    "SettlementRow",
    "Strict",
    "Text",
    "parse_community",
    "read_community_file",
    "require_unique",
]


class Contacts(Strict):
    phone: str | None = None
    email: str | None = None
    address: Text | None = None
    website: str | None = None
    hours: Text | None = None


class District(Strict):
    """A starosta district (старостинський округ)."""

    code: str = Field(pattern=CODE_PATTERN)
    name: Text
    starosta: Text | None = None
    contacts: Contacts = Contacts()


class Settlement(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: Text
    kind: str = Field(pattern=r"^(city|town|village|settlement)$")
    district: str | None = Field(default=None, pattern=CODE_PATTERN)


class CommunityName(Text):
    """The community's name. Ukrainian puts it after a noun in the genitive («чат-бот
    Яблунівської міської територіальної громади»), as civic sites do: the file may give
    that form, which no rule derives reliably from the nominative."""

    uk_genitive: str | None = Field(default=None, min_length=1, max_length=300)

    def genitive(self, language: str) -> str | None:
        """The form that follows a noun; English has none of its own (the name as it is)."""
        return self.get(language) if language == "en" else self.uk_genitive


class CommunityInfo(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: CommunityName
    contacts: Contacts = Contacts()


class CommunityFile(Strict):
    community: CommunityInfo
    districts: list[District] = Field(default_factory=list)
    settlements: list[Settlement] = Field(min_length=1)
    cnap: CnapConfig | None = None
    # An absent section is an empty FAQ.
    faq: FaqSection = Field(default_factory=FaqSection)
    # An absent section: the default threshold and period (250 signatures in 45 days).
    petitions: PetitionSettings | None = None
    # An absent section: the law's deadlines (30 days, 15 without additional study, 45 at
    # most), no bounds.
    appeals: AppealSettings = Field(default_factory=AppealSettings)

    @field_validator("settlements")
    @classmethod
    def _unique_settlements(cls, value: list[Settlement]) -> list[Settlement]:
        require_unique([s.code for s in value], "settlement code")
        return value

    @field_validator("districts")
    @classmethod
    def _unique_districts(cls, value: list[District]) -> list[District]:
        require_unique([d.code for d in value], "district code")
        return value

    @model_validator(mode="after")
    def _known_districts(self) -> CommunityFile:
        known = {d.code for d in self.districts}
        for settlement in self.settlements:
            if settlement.district and settlement.district not in known:
                position = self.settlements.index(settlement)
                raise ValueError(
                    f"settlements[{position}].district: unknown district '{settlement.district}'"
                    " (list it under districts: or fix the code)"
                )
        return self

    @field_validator("cnap")
    @classmethod
    def _cnap_settlements_exist(
        cls, value: CnapConfig | None, info: ValidationInfo
    ) -> CnapConfig | None:
        settlements: list[Settlement] | None = info.data.get("settlements")
        if value is not None and settlements is not None:
            problems = value.unknown_settlements(s.code for s in settlements)
            if problems:
                raise ValueError("; ".join(problems))
        return value

    @field_validator("faq")
    @classmethod
    def _faq_references_exist(cls, value: FaqSection, info: ValidationInfo) -> FaqSection:
        settlements: list[Settlement] = info.data.get("settlements") or []
        cnap: CnapConfig | None = info.data.get("cnap")
        # Places are checked against the ЦНАП section when there is one: a file may drop it.
        places = [p.code for p in cnap.places] if cnap else None
        problems = value.unknown_references((s.code for s in settlements), places)
        if problems:
            raise ValueError("; ".join(problems))
        return value

    def district(self, code: str | None) -> District | None:
        return next((d for d in self.districts if d.code == code), None)


class CommunityFileError(Exception):
    """A community file that cannot be used; each line names the file and the bad field."""


class _CommunityLoader(yaml.SafeLoader):
    """YAML as an installer means it: a date stays text until the schema reads it (so an
    impossible date is a field error, not a crash), and an unquoted 18:00 is a time, not the
    base-60 number 1080."""


_CommunityLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_TIMESTAMP, _INT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CommunityLoader.add_implicit_resolver(_INT, _DECIMAL_INT, list("-+0123456789"))


def _error_lines(source: str, error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        for loc, problem in problems(item):
            where = dotted(loc)
            lines.append(f"{source}: {where}: {problem}" if where else f"{source}: {problem}")
    return list(dict.fromkeys(lines))


def _yaml_problem(error: yaml.YAMLError) -> str:
    """PyYAML's several lines as one: where, and what it found."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}not valid YAML ({problem}); check the indentation and the brackets there"


def parse_community(text: str, source: str = "<community>") -> CommunityFile:
    try:
        raw: Any = yaml.load(text, Loader=_CommunityLoader)  # a SafeLoader
    except yaml.YAMLError as error:
        raise CommunityFileError(f"{source}: {_yaml_problem(error)}") from None
    if not isinstance(raw, dict):
        raise CommunityFileError(
            f"{source}: expected 'name: value' lines at the top (community:, settlements:, ...)"
        )
    try:
        return CommunityFile.model_validate(raw)
    except ValidationError as error:
        raise CommunityFileError("\n".join(_error_lines(source, error))) from None


def decode_community_file(data: bytes, source: str) -> str:
    """The file's text; a file not saved as UTF-8 gets one line saying how to fix it."""
    try:
        return data.decode("utf-8-sig")  # Notepad may put a byte-order mark in front
    except UnicodeDecodeError as error:
        try:
            data.decode("cp1251")
            guess = " (it looks like Windows-1251)"
        except UnicodeDecodeError:
            guess = ""
        raise CommunityFileError(
            f"{source}: the file is not saved as UTF-8{guess}: byte 0x{data[error.start]:02x} "
            f"at position {error.start}. Open it in a text editor and save it as UTF-8 "
            "(Notepad: «Save as» → Encoding: UTF-8; Notepad++: Encoding → Convert to UTF-8)."
        ) from None


def read_community_file(path: str | Path) -> CommunityFile:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommunityFileError(f"{path}: cannot read: {error.strerror}") from None
    return parse_community(decode_community_file(data, str(path)), str(path))


@dataclass(frozen=True, slots=True)
class SettlementRow:
    id: int
    code: str
    name_uk: str
    name_en: str
    kind: str
    district: str | None

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_uk


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """The loaded community as this process last read it: parsed once per change."""

    document: str | None
    community: CommunityFile | None
    settlements: tuple[SettlementRow, ...]  # active and hidden, in file order
    active: tuple[SettlementRow, ...]


class CommunityRepository:
    """Keeps the loaded community in the database. Reads come from memory: the document is
    parsed once per change, not per update. A load in this process applies at once; a load
    by another process (`python -m bot load` while the bot runs) within `recheck_seconds`,
    noticed through SQLite's data_version, which changes only on other connections' commits."""

    def __init__(
        self,
        db: Database,
        clock: Clock = utcnow,
        *,
        recheck_seconds: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._clock = clock
        self._recheck_seconds = recheck_seconds
        self._monotonic = monotonic
        self._snapshot: _Snapshot | None = None
        self._data_version: int | None = None
        self._checked_at = -math.inf

    async def load(self, community: CommunityFile) -> None:
        """Insert or update everything in the file; settlements no longer listed are hidden,
        never deleted, because residents may still point at them."""
        document = community.model_dump_json()
        async with self._db.transaction():
            await self._db.execute(
                "INSERT INTO community(id, code, document, loaded_at) VALUES (1, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET code = excluded.code, "
                "document = excluded.document, loaded_at = excluded.loaded_at",
                (community.community.code, document, to_db(self._clock())),
            )
            await self._db.execute("UPDATE settlements SET active = 0")
            for position, s in enumerate(community.settlements):
                await self._db.execute(
                    "INSERT INTO settlements(code, name_uk, name_en, kind, district, position, "
                    "active) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(code) DO UPDATE SET "
                    "name_uk = excluded.name_uk, name_en = excluded.name_en, "
                    "kind = excluded.kind, district = excluded.district, "
                    "position = excluded.position, active = 1",
                    (s.code, s.name.uk, s.name.get("en"), s.kind, s.district, position),
                )
        self._snapshot = None

    async def is_empty(self) -> bool:
        return (await self._current()).document is None

    async def get(self) -> CommunityFile | None:
        """The loaded community; the same object until the file changes."""
        return (await self._current()).community

    async def settlements(self) -> list[SettlementRow]:
        return list((await self._current()).active)

    async def settlement(self, settlement_id: int) -> SettlementRow | None:
        """Any settlement a resident may have chosen, also one hidden since."""
        found = (await self._current()).settlements
        return next((s for s in found if s.id == settlement_id), None)

    async def settlement_by_code(self, code: str) -> SettlementRow | None:
        return next((s for s in (await self._current()).active if s.code == code), None)

    async def _current(self) -> _Snapshot:
        if self._snapshot is not None and await self._unchanged():
            return self._snapshot
        document = await self._db.fetchval("SELECT document FROM community WHERE id = 1")
        rows = await self._db.fetchall("SELECT * FROM settlements ORDER BY position, id")
        previous = self._snapshot
        if previous is not None and previous.document == document and previous.community:
            community: CommunityFile | None = previous.community
        else:
            community = CommunityFile.model_validate_json(document) if document else None
        settlements = tuple(_settlement(r) for r in rows)
        active = tuple(s for s, r in zip(settlements, rows, strict=True) if r["active"])
        self._snapshot = _Snapshot(document, community, settlements, active)
        return self._snapshot

    async def _unchanged(self) -> bool:
        now = self._monotonic()
        if now - self._checked_at < self._recheck_seconds:
            return True
        self._checked_at = now
        version = int(await self._db.fetchval("PRAGMA data_version"))
        unchanged = version == self._data_version
        self._data_version = version
        return unchanged


def _settlement(row: Any) -> SettlementRow:
    return SettlementRow(
        id=row["id"],
        code=row["code"],
        name_uk=row["name_uk"],
        name_en=row["name_en"],
        kind=row["kind"],
        district=row["district"],
    )
