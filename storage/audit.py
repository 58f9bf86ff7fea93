"""The audit log: every official action, who did it, when, to what; newest first, and as CSV.

A row is written in the same transaction as the change it describes (`record` joins the
caller's `db.transaction()`), so the log never shows an action that did not happen or misses
one that did. Rows carry no personal data: the actor is a resident number and a label such
as '#17', the object a type and an id, the detail a small JSON of codes and counts.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from storage.database import Database, Row
from storage.timeutil import Clock, from_db, to_db, utcnow

DetailValue = str | int | bool | None
CSV_COLUMNS = ("time", "actor", "action", "object", "details")
# Excel opens a CSV by double click with the system's list separator, which is ';' wherever the
# decimal separator is a comma (Ukraine included); the BOM tells it the file is UTF-8.
CSV_DELIMITER = ";"
_BOM = "\ufeff"
_DETAIL_TEXT_LIMIT = 300
SYSTEM_LABEL = "system"


class AuditAction(StrEnum):
    ROLE_GRANT = "role.grant"
    ROLE_REVOKE = "role.revoke"
    NOSHOW_LIFT = "noshow.lift"
    CNAP_CLOSE = "cnap.close"
    CNAP_MARK = "cnap.mark"
    CNAP_FILE_CANCEL = "cnap.file-cancel"  # a loaded community file left booked visits no time
    APPEAL_TAKE = "appeal.take"
    APPEAL_ASK = "appeal.ask"
    APPEAL_NO_STUDY = "appeal.no-study"
    APPEAL_EXTEND = "appeal.extend"
    APPEAL_ANSWER = "appeal.answer"
    REPORT_STATUS = "report.status"
    PETITION_APPROVE = "petition.approve"
    PETITION_REFUSE = "petition.refuse"
    PETITION_ANSWER = "petition.answer"
    BROADCAST_CREATE = "broadcast.create"
    BROADCAST_SCHEDULE = "broadcast.schedule"
    BROADCAST_SEND = "broadcast.send"
    BROADCAST_CANCEL = "broadcast.cancel"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted: an official (by resident number) or the bot itself (settings, schedules)."""

    resident_id: int | None
    label: str

    @classmethod
    def resident(cls, resident_id: int) -> Actor:
        return cls(resident_id, f"#{resident_id}")

    @classmethod
    def system(cls, label: str = SYSTEM_LABEL) -> Actor:
        return cls(None, label)


@dataclass(frozen=True, slots=True)
class AuditObject:
    type: str
    id: str

    @classmethod
    def of(cls, type_: str, id_: int | str) -> AuditObject:
        return cls(type_, str(id_))

    def __str__(self) -> str:
        return f"{self.type} {self.id}"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    object: AuditObject
    detail: Mapping[str, DetailValue]


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    pages: int
    total: int
    # The newest id the reader saw first: later pages stay still while new rows arrive.
    top: int


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=from_db(row["at"]),
        actor_id=row["actor_id"],
        actor_label=row["actor_label"],
        action=row["action"],
        object=AuditObject(row["object_type"], row["object_id"]),
        detail=json.loads(row["detail"]),
    )


def _clean_detail(detail: Mapping[str, DetailValue]) -> str:
    cleaned: dict[str, DetailValue] = {}
    for key, value in detail.items():
        if isinstance(value, str):
            value = value[:_DETAIL_TEXT_LIMIT]
        elif value is not None and not isinstance(value, int | bool):
            raise TypeError(f"audit detail {key!r} must be text, a number or a flag")
        cleaned[str(key)] = value
    return json.dumps(cleaned, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class AuditLog:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def record(
        self,
        actor: Actor,
        action: AuditAction,
        obj: AuditObject,
        detail: Mapping[str, DetailValue] | None = None,
    ) -> int:
        """Append a row; inside the caller's transaction when there is one."""
        return await self._db.execute(
            "INSERT INTO audit_log(at, actor_id, actor_label, action, object_type, object_id, "
            "detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                to_db(self._clock()),
                actor.resident_id,
                actor.label,
                action.value,
                obj.type,
                obj.id,
                _clean_detail(detail or {}),
            ),
        )

    async def page(self, page: int = 0, size: int = 10, top: int | None = None) -> AuditPage:
        """One page, newest first. Pass the `top` of the first page to page on through the
        same rows; a page past the end shows the last one."""
        if size < 1:
            raise ValueError("a page holds at least one row")
        if top is None:
            top = int(await self._db.fetchval("SELECT COALESCE(MAX(id), 0) FROM audit_log"))
        total = int(await self._db.fetchval("SELECT COUNT(*) FROM audit_log WHERE id <= ?", (top,)))
        pages = max(1, -(-total // size))
        page = min(max(page, 0), pages - 1)
        rows = await self._db.fetchall(
            "SELECT * FROM audit_log WHERE id <= ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (top, size, page * size),
        )
        return AuditPage([_entry(r) for r in rows], page, pages, total, top)

    async def entries(self, *, limit: int | None = None) -> list[AuditEntry]:
        """Newest first; all of them unless `limit` is given."""
        rows = await self._db.fetchall(
            "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (-1 if limit is None else limit,)
        )
        return [_entry(r) for r in rows]

    async def export_csv(self, zone: ZoneInfo) -> bytes:
        """The whole log, newest first, as CSV that Excel opens with Cyrillic intact: UTF-8
        with a BOM, ';' between columns, times in the community's zone as ISO 8601."""
        buffer = io.StringIO()
        buffer.write(_BOM)
        writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for entry in await self.entries():
            writer.writerow(
                (
                    entry.at.astimezone(zone).isoformat(),
                    entry.actor_label,
                    entry.action,
                    str(entry.object),
                    json.dumps(dict(entry.detail), ensure_ascii=False, sort_keys=True),
                )
            )
        return buffer.getvalue().encode("utf-8")
