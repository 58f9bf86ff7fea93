"""Forms being filled in, typed, kept in their own table (one per resident and form) so that
leaving the form, a command, another flow or a restart never loses them. Reading tolerates a
damaged row: a value that cannot be read counts as not given yet. Drafts hold what the
resident typed, so they are saved only with consent (an anonymous report excepted: it holds
no personal field)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, TypeVar

from storage.appeals.errors import ConsentRequired
from storage.appeals.model import AppealKind, Photo, PriorityCategory, ReportCategory
from storage.database import Database
from storage.timeutil import Clock, to_db, utcnow

MAX_PHOTOS = 3
Form = Literal["appeal", "report"]
D = TypeVar("D", "AppealDraft", "ReportDraft")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _photos(value: Any) -> tuple[Photo, ...]:
    if not isinstance(value, list):
        return ()
    found = []
    for item in value[:MAX_PHOTOS]:
        if isinstance(item, Mapping) and _text(item.get("channel")) and _text(item.get("file_id")):
            found.append(Photo(str(item["channel"]), str(item["file_id"])))
    return tuple(found)


def _enum(kind: Any, value: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class AppealDraft:
    kind: AppealKind | None = None
    topic: str | None = None
    body: str | None = None
    photos: tuple[Photo, ...] = field(default_factory=tuple)
    latitude: float | None = None
    longitude: float | None = None
    media_done: bool = False  # the photos-and-place step was passed
    full_name: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    # A status for priority consideration, chosen on the summary screen (optional).
    priority: PriorityCategory | None = None

    def with_(self, **changes: Any) -> AppealDraft:
        return replace(self, **changes)

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email)

    def to_dict(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["photos"] = [asdict(p) for p in self.photos]
        return {k: v for k, v in raw.items() if v not in (None, [], False)}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> AppealDraft:
        return cls(
            kind=_enum(AppealKind, raw.get("kind")),
            topic=_text(raw.get("topic")),
            body=_text(raw.get("body")),
            photos=_photos(raw.get("photos")),
            latitude=_float(raw.get("latitude")),
            longitude=_float(raw.get("longitude")),
            media_done=raw.get("media_done") is True,
            full_name=_text(raw.get("full_name")),
            address=_text(raw.get("address")),
            phone=_text(raw.get("phone")),
            email=_text(raw.get("email")),
            priority=_enum(PriorityCategory, raw.get("priority")),
        )


@dataclass(frozen=True, slots=True)
class ReportDraft:
    category: ReportCategory | None = None
    photo: Photo | None = None
    photo_step_done: bool = False
    latitude: float | None = None
    longitude: float | None = None
    place_text: str | None = None
    description: str | None = None
    # An open report nearby that the resident declined to join: not offered again.
    declined_duplicate: int | None = None

    def with_(self, **changes: Any) -> ReportDraft:
        return replace(self, **changes)

    @property
    def has_place(self) -> bool:
        return self.latitude is not None or self.place_text is not None

    def to_dict(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["photo"] = asdict(self.photo) if self.photo else None
        return {k: v for k, v in raw.items() if v not in (None, False)}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ReportDraft:
        photos = _photos([raw.get("photo")])
        declined = raw.get("declined_duplicate")
        return cls(
            category=_enum(ReportCategory, raw.get("category")),
            photo=photos[0] if photos else None,
            photo_step_done=raw.get("photo_step_done") is True,
            latitude=_float(raw.get("latitude")),
            longitude=_float(raw.get("longitude")),
            place_text=_text(raw.get("place_text")),
            description=_text(raw.get("description")),
            declined_duplicate=declined if isinstance(declined, int) else None,
        )


class DraftStore:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def appeal(self, resident_id: int) -> AppealDraft:
        return AppealDraft.from_dict(await self._raw(resident_id, "appeal"))

    async def report(self, resident_id: int) -> ReportDraft:
        return ReportDraft.from_dict(await self._raw(resident_id, "report"))

    async def has(self, resident_id: int, form: Form) -> bool:
        return bool(await self._raw(resident_id, form))

    async def save_appeal(self, resident_id: int, draft: AppealDraft) -> AppealDraft:
        await self._require_consent(resident_id)
        await self._save(resident_id, "appeal", draft.to_dict())
        return draft

    async def save_report(self, resident_id: int, draft: ReportDraft) -> ReportDraft:
        await self._save(resident_id, "report", draft.to_dict())
        return draft

    async def discard(self, resident_id: int, form: Form) -> None:
        await self._db.execute(
            "DELETE FROM appeal_drafts WHERE resident_id = ? AND form = ?", (resident_id, form)
        )

    async def discard_all(self, resident_id: int) -> None:
        await self._db.execute("DELETE FROM appeal_drafts WHERE resident_id = ?", (resident_id,))

    async def _require_consent(self, resident_id: int) -> None:
        consent = await self._db.fetchval(
            "SELECT consent FROM residents WHERE id = ?", (resident_id,)
        )
        if consent != "given":
            raise ConsentRequired()

    async def _raw(self, resident_id: int, form: Form) -> dict[str, Any]:
        value = await self._db.fetchval(
            "SELECT data FROM appeal_drafts WHERE resident_id = ? AND form = ?",
            (resident_id, form),
        )
        try:
            raw = json.loads(value) if value else {}
        except ValueError:
            return {}
        return raw if isinstance(raw, dict) else {}

    async def _save(self, resident_id: int, form: Form, raw: dict[str, Any]) -> None:
        await self._db.execute(
            "INSERT INTO appeal_drafts(resident_id, form, data, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(resident_id, form) DO UPDATE SET data = excluded.data, "
            "updated_at = excluded.updated_at",
            (resident_id, form, json.dumps(raw, ensure_ascii=False), to_db(self._clock())),
        )
