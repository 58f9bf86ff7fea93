"""The community file (YAML): schema, validation with readable errors, idempotent loading."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from storage.database import Database
from storage.timeutil import Clock, to_db, utcnow

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,30}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages; English falls back to Ukrainian when not given."""

    uk: str = Field(min_length=1, max_length=300)
    en: str | None = Field(default=None, min_length=1, max_length=300)

    def get(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.uk


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


class CommunityInfo(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: Text
    contacts: Contacts = Contacts()


class CommunityFile(Strict):
    community: CommunityInfo
    districts: list[District] = []
    settlements: list[Settlement] = Field(min_length=1)
    cnap: _cnap.CnapConfig | None = None
    petitions: _petition_config.PetitionSettings | None = None

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
                raise ValueError(
                    f"settlement '{settlement.code}' names unknown district '{settlement.district}'"
                )
        return self

    @field_validator("cnap")
    @classmethod
    def _cnap_settlements_exist(
        cls, value: _cnap.CnapConfig | None, info: ValidationInfo
    ) -> _cnap.CnapConfig | None:
        settlements: list[Settlement] | None = info.data.get("settlements")
        if value is not None and settlements is not None:
            problems = value.unknown_settlements(s.code for s in settlements)
            if problems:
                raise ValueError("; ".join(problems))
        return value

    def district(self, code: str | None) -> District | None:
        return next((d for d in self.districts if d.code == code), None)


def require_unique(codes: list[str], what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"{what} '{code}' is used twice")
        seen.add(code)


class CommunityFileError(Exception):
    """A community file that cannot be used; the message names the file and the bad field."""


def _format_location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_community(text: str, source: str = "<community>") -> CommunityFile:
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CommunityFileError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise CommunityFileError(f"{source}: expected a mapping at the top level")
    try:
        return CommunityFile.model_validate(raw)
    except ValidationError as error:
        lines = [
            f"{source}: {_format_location(item['loc'])}: {item['msg']}" for item in error.errors()
        ]
        raise CommunityFileError("\n".join(lines)) from None


def read_community_file(path: str | Path) -> CommunityFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CommunityFileError(f"{path}: cannot read: {error.strerror}") from None
    return parse_community(text, str(path))


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


class CommunityRepository:
    """Keeps the loaded community in the database; reads are cached until the next load."""

    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock
        self._cached: tuple[str, CommunityFile] | None = None

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
        self._cached = None

    async def is_empty(self) -> bool:
        return bool(await self._db.fetchval("SELECT COUNT(*) FROM community") == 0)

    async def get(self) -> CommunityFile | None:
        document = await self._db.fetchval("SELECT document FROM community WHERE id = 1")
        if document is None:
            return None
        # Another process (`python -m bot load`) may have changed the file: compare, then parse.
        if self._cached is None or self._cached[0] != document:
            self._cached = (document, CommunityFile.model_validate(json.loads(document)))
        return self._cached[1]

    async def settlements(self) -> list[SettlementRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM settlements WHERE active = 1 ORDER BY position"
        )
        return [_settlement(r) for r in rows]

    async def settlement(self, settlement_id: int) -> SettlementRow | None:
        row = await self._db.fetchone("SELECT * FROM settlements WHERE id = ?", (settlement_id,))
        return _settlement(row) if row else None

    async def settlement_by_code(self, code: str) -> SettlementRow | None:
        row = await self._db.fetchone(
            "SELECT * FROM settlements WHERE code = ? AND active = 1", (code,)
        )
        return _settlement(row) if row else None


def _settlement(row: Any) -> SettlementRow:
    return SettlementRow(
        id=row["id"],
        code=row["code"],
        name_uk=row["name_uk"],
        name_en=row["name_en"],
        kind=row["kind"],
        district=row["district"],
    )


# The ЦНАП and petitions sections build on Strict and Text above, so they are imported last;
# pydantic resolves their annotations on first use, whichever module was imported first.
from storage import cnap as _cnap  # noqa: E402
from storage import petition_config as _petition_config  # noqa: E402
