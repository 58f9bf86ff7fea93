"""E-petitions: submit, moderate, collect signatures, close at the deadline, record the
council's answer. Plain values in and out; nothing here knows about a messenger.

A signature count is never stored: it is counted from the signature rows, inside the same
transaction (BEGIN IMMEDIATE) that adds or withdraws a signature and, at the threshold,
closes the collection. UNIQUE (petition, resident) and UNIQUE (petition, phone) make a second
signature by the same person impossible, whatever runs at the same time."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from storage.audit import Actor, AuditAction, AuditLog, AuditObject, DetailValue
from storage.community import CommunityRepository
from storage.database import Database
from storage.petitions.config import PetitionSettings, add_working_days
from storage.petitions.model import (
    ANSWER_MAX,
    ANSWER_MIN,
    BODY_MAX,
    BODY_MIN,
    REASON_MAX,
    REASON_MIN,
    TITLE_MAX,
    TITLE_MIN,
    AlreadySigned,
    CollectionClosed,
    InvalidText,
    NotFound,
    NotSigned,
    Petition,
    PetitionPage,
    PetitionStatus,
    Signature,
    SignResult,
    Sort,
    Tab,
    WrongStatus,
    at_or_none,
    petition_from_row,
)
from storage.timeutil import Clock, from_db, to_db, utcnow

_COUNT = (
    "(SELECT COUNT(*) FROM petition_signatures s "
    "WHERE s.petition_id = p.id AND s.withdrawn_at IS NULL)"
)
_SELECT = f"SELECT p.*, {_COUNT} AS signatures FROM petitions p"
# Which petitions a tab lists, and in what order; `:now` and `:me` are bound per query.
_TABS: dict[Tab, str] = {
    Tab.COLLECTING: "p.status = 'collecting' AND p.deadline_at > :now",
    Tab.REVIEW: "p.status = 'reached'",
    Tab.ANSWERED: "p.status = 'answered'",
    Tab.MISSED: "(p.status = 'missed' OR (p.status = 'collecting' AND p.deadline_at <= :now))",
    Tab.MINE: (
        "(p.author_id = :me OR p.id IN (SELECT petition_id FROM petition_signatures "
        "WHERE resident_id = :me AND withdrawn_at IS NULL))"
    ),
}
_ORDER: dict[Tab, str] = {
    Tab.COLLECTING: "p.published_at DESC, p.id DESC",
    Tab.REVIEW: "p.closed_at DESC, p.id DESC",
    Tab.ANSWERED: "p.answered_at DESC, p.id DESC",
    Tab.MISSED: "p.deadline_at DESC, p.id DESC",
    Tab.MINE: "p.submitted_at DESC, p.id DESC",
}


def check_length(text: str, low: int, high: int) -> str:
    """Trimmed `text` when its length is within [low, high]; else InvalidText."""
    value = text.strip()
    if not low <= len(value) <= high:
        raise InvalidText(f"{len(value)} characters, {low}–{high} allowed")
    return value


class PetitionService:
    def __init__(
        self,
        db: Database,
        community: CommunityRepository,
        audit: AuditLog,
        clock: Clock = utcnow,
        zone: ZoneInfo | None = None,
    ) -> None:
        self._db = db
        self._community = community
        self._audit = audit
        self._clock = clock
        self._zone = zone or ZoneInfo("Europe/Kyiv")

    def now(self) -> datetime:
        return self._clock()

    async def settings(self) -> PetitionSettings:
        info = await self._community.get()
        section = info.petitions if info is not None else None
        return section or PetitionSettings()

    # --- reading ---------------------------------------------------------------------------

    async def get(self, petition_id: int) -> Petition | None:
        row = await self._db.fetchone(f"{_SELECT} WHERE p.id = ?", (petition_id,))
        return petition_from_row(row) if row else None

    async def count(self, petition_id: int) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM petition_signatures "
                "WHERE petition_id = ? AND withdrawn_at IS NULL",
                (petition_id,),
            )
        )

    async def page(
        self, tab: Tab, page: int, size: int, *, sort: Sort = Sort.NEWEST, resident_id: int = 0
    ) -> PetitionPage:
        params = {"now": to_db(self._clock()), "me": resident_id}
        where = _TABS[tab]
        total = int(
            await self._db.fetchval(f"SELECT COUNT(*) FROM petitions p WHERE {where}", params)
        )
        pages = max(1, -(-total // size))
        page = min(max(page, 0), pages - 1)
        order = _ORDER[tab]
        if tab is Tab.COLLECTING and sort is Sort.SIGNED:
            order = "signatures DESC, " + order
        rows = await self._db.fetchall(
            f"{_SELECT} WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset",
            {**params, "limit": size, "offset": page * size},
        )
        return PetitionPage([petition_from_row(r) for r in rows], total, page, pages)

    async def signer_names(self, petition_id: int, page: int, size: int) -> tuple[list[str], int]:
        """Names of the people who signed, in signing order (public, as the law requires)."""
        total = await self.count(petition_id)
        rows = await self._db.fetchall(
            "SELECT signer_name FROM petition_signatures WHERE petition_id = ? "
            "AND withdrawn_at IS NULL ORDER BY id LIMIT ? OFFSET ?",
            (petition_id, size, page * size),
        )
        return [r["signer_name"] for r in rows], total

    async def signature(self, petition_id: int, resident_id: int) -> Signature | None:
        row = await self._db.fetchone(
            "SELECT signed_at, withdrawn_at FROM petition_signatures "
            "WHERE petition_id = ? AND resident_id = ?",
            (petition_id, resident_id),
        )
        if row is None:
            return None
        return Signature(from_db(row["signed_at"]), at_or_none(row["withdrawn_at"]))

    async def signer_ids(self, petition_id: int) -> list[int]:
        rows = await self._db.fetchall(
            "SELECT resident_id FROM petition_signatures WHERE petition_id = ? "
            "AND withdrawn_at IS NULL AND resident_id IS NOT NULL ORDER BY id",
            (petition_id,),
        )
        return [int(r["resident_id"]) for r in rows]

    async def by_status(self, status: PetitionStatus) -> list[Petition]:
        """Oldest first: the moderation queue, the petitions awaiting the council's answer."""
        rows = await self._db.fetchall(
            f"{_SELECT} WHERE p.status = ? ORDER BY p.submitted_at, p.id", (status,)
        )
        return [petition_from_row(r) for r in rows]

    async def authored_by(self, resident_id: int) -> list[Petition]:
        rows = await self._db.fetchall(
            f"{_SELECT} WHERE p.author_id = ? ORDER BY p.id", (resident_id,)
        )
        return [petition_from_row(r) for r in rows]

    async def signed_by(self, resident_id: int) -> list[Petition]:
        rows = await self._db.fetchall(
            f"{_SELECT} WHERE p.id IN (SELECT petition_id FROM petition_signatures "
            "WHERE resident_id = ? AND withdrawn_at IS NULL) ORDER BY p.id",
            (resident_id,),
        )
        return [petition_from_row(r) for r in rows]

    # --- the author ------------------------------------------------------------------------

    async def submit(
        self, author_id: int, title: str, body: str, author_name: str, author_email: str
    ) -> Petition:
        title = check_length(title, TITLE_MIN, TITLE_MAX)
        body = check_length(body, BODY_MIN, BODY_MAX)
        petition_id = await self._db.execute(
            "INSERT INTO petitions(author_id, author_name, author_email, title, body, status, "
            "submitted_at) VALUES (?, ?, ?, ?, ?, 'moderation', ?)",
            (author_id, author_name, author_email, title, body, to_db(self._clock())),
        )
        return await self._require(petition_id)

    async def _require(self, petition_id: int) -> Petition:
        petition = await self.get(petition_id)
        if petition is None:
            raise NotFound(str(petition_id))
        return petition

    # --- moderation and the council's answer -----------------------------------------------

    async def _move(
        self,
        petition_id: int,
        expected: PetitionStatus,
        change: str,
        params: tuple[object, ...],
        audit: tuple[Actor, AuditAction, dict[str, DetailValue]],
    ) -> Petition:
        """Apply `change` (the SET part of an UPDATE) when the petition is in `expected`, and
        write the audit row in the same transaction; WrongStatus otherwise (another moderator
        was quicker, a stale button)."""
        async with self._db.transaction():
            status = await self._db.fetchval(
                "SELECT status FROM petitions WHERE id = ?", (petition_id,)
            )
            if status is None:
                raise NotFound(str(petition_id))
            if status != expected:
                raise WrongStatus(str(status))
            await self._db.execute(
                f"UPDATE petitions SET {change} WHERE id = ? AND status = ?",
                (*params, petition_id, expected),
            )
            by, action, detail = audit
            await self._audit.record(by, action, AuditObject.of("petition", petition_id), detail)
        return await self._require(petition_id)

    async def approve(self, petition_id: int, by: Actor) -> Petition:
        """Publish: collection starts now and runs for the configured period."""
        settings = await self.settings()
        now = self._clock()
        deadline = now + timedelta(days=settings.period_days)
        detail: dict[str, DetailValue] = {
            "threshold": settings.threshold,
            "period_days": settings.period_days,
        }
        return await self._move(
            petition_id,
            "moderation",
            "status = 'collecting', moderated_at = ?, published_at = ?, threshold = ?, "
            "deadline_at = ?",
            (to_db(now), to_db(now), settings.threshold, to_db(deadline)),
            (by, AuditAction.PETITION_APPROVE, detail),
        )

    async def refuse(self, petition_id: int, reason: str, by: Actor) -> Petition:
        reason = check_length(reason, REASON_MIN, REASON_MAX)
        return await self._move(
            petition_id,
            "moderation",
            "status = 'refused', moderated_at = ?, refusal_reason = ?",
            (to_db(self._clock()), reason),
            (by, AuditAction.PETITION_REFUSE, {"reason_length": len(reason)}),
        )

    async def record_answer(
        self, petition_id: int, text: str, supported: bool, by: Actor
    ) -> Petition:
        """The council's answer to a petition that reached the threshold, published at once."""
        text = check_length(text, ANSWER_MIN, ANSWER_MAX)
        return await self._move(
            petition_id,
            "reached",
            "status = 'answered', answer_text = ?, answer_supported = ?, answered_at = ?",
            (text, int(supported), to_db(self._clock())),
            (by, AuditAction.PETITION_ANSWER, {"supported": supported}),
        )

    # --- signing ---------------------------------------------------------------------------

    async def sign(self, petition_id: int, resident_id: int, name: str, phone: str) -> SignResult:
        """One signature per resident and per phone, while collection is open; reaching the
        threshold closes the collection in the same transaction."""
        now = self._clock()
        async with self._db.transaction():
            row = await self._db.fetchone(
                "SELECT status, deadline_at, threshold FROM petitions WHERE id = ?", (petition_id,)
            )
            if row is None:
                raise NotFound(str(petition_id))
            earlier = await self._db.fetchone(
                "SELECT withdrawn_at FROM petition_signatures "
                "WHERE petition_id = ? AND (resident_id = ? OR phone = ?)",
                (petition_id, resident_id, phone),
            )
            if earlier is not None:
                raise AlreadySigned(withdrawn=earlier["withdrawn_at"] is not None)
            if row["status"] != "collecting" or from_db(row["deadline_at"]) <= now:
                raise CollectionClosed(str(petition_id))
            try:
                await self._db.execute(
                    "INSERT INTO petition_signatures(petition_id, resident_id, signer_name, phone, "
                    "signed_at) VALUES (?, ?, ?, ?, ?)",
                    (petition_id, resident_id, name, phone, to_db(now)),
                )
            except sqlite3.IntegrityError:
                raise AlreadySigned(withdrawn=False) from None
            count = await self.count(petition_id)
            threshold = int(row["threshold"])
            reached = count >= threshold
            if reached:
                await self._db.execute(
                    "UPDATE petitions SET status = 'reached', closed_at = ? WHERE id = ?",
                    (to_db(now), petition_id),
                )
        return SignResult(count, threshold, reached)

    async def withdraw(self, petition_id: int, resident_id: int) -> int:
        """Withdraw a signature while collection is open; returns the new count. The row stays,
        without the name, so the same person cannot sign this petition again."""
        now = self._clock()
        async with self._db.transaction():
            row = await self._db.fetchone(
                "SELECT status, deadline_at FROM petitions WHERE id = ?", (petition_id,)
            )
            if row is None:
                raise NotFound(str(petition_id))
            mine = await self.signature(petition_id, resident_id)
            if mine is None or not mine.active:
                raise NotSigned(str(petition_id))
            if row["status"] != "collecting" or from_db(row["deadline_at"]) <= now:
                raise CollectionClosed(str(petition_id))
            await self._db.execute(
                "UPDATE petition_signatures SET withdrawn_at = ?, signer_name = '' "
                "WHERE petition_id = ? AND resident_id = ?",
                (to_db(now), petition_id, resident_id),
            )
            return await self.count(petition_id)

    # --- background work -------------------------------------------------------------------

    async def close_expired(self) -> list[int]:
        """Record the end of every collection past its deadline without the threshold (they
        go on as collective appeals); the closing time is the deadline, even after downtime."""
        now = to_db(self._clock())
        async with self._db.transaction():
            rows = await self._db.fetchall(
                "SELECT id FROM petitions WHERE status = 'collecting' AND deadline_at <= ?", (now,)
            )
            await self._db.execute(
                "UPDATE petitions SET status = 'missed', closed_at = deadline_at "
                "WHERE status = 'collecting' AND deadline_at <= ?",
                (now,),
            )
        return [int(r["id"]) for r in rows]

    async def overdue_moderation(self) -> list[Petition]:
        """Petitions waiting for moderation longer than the allowed working days, not yet
        reminded about."""
        settings = await self.settings()
        now = self._clock()
        waiting = await self._db.fetchall(
            f"{_SELECT} WHERE p.status = 'moderation' AND p.moderation_reminded = 0 "
            "ORDER BY p.submitted_at"
        )
        overdue = []
        for row in waiting:
            petition = petition_from_row(row)
            due = add_working_days(
                petition.submitted_at, settings.moderation_working_days, self._zone
            )
            if due <= now:
                overdue.append(petition)
        return overdue

    async def mark_reminded(self, petition_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE petitions SET moderation_reminded = 1 WHERE id = ? AND moderation_reminded = 0",
            (petition_id,),
        )
        return changed > 0

    async def unannounced(self) -> list[Petition]:
        rows = await self._db.fetchall(f"{_SELECT} WHERE p.status != p.announced ORDER BY p.id")
        return [petition_from_row(r) for r in rows]

    async def mark_announced(self, petition_id: int, status: PetitionStatus) -> bool:
        """Take the announcement of `status`; False when someone already did."""
        changed = await self._db.execute(
            "UPDATE petitions SET announced = ? WHERE id = ? AND status = ? AND announced != ?",
            (status, petition_id, status, status),
        )
        return changed > 0

    # --- personal data ---------------------------------------------------------------------

    async def forget_resident(self, resident_id: int) -> None:
        """Consent withdrawn: signatures and unpublished petitions go; a published petition
        keeps the author's name as published (the law makes it public), without the e-mail."""
        async with self._db.transaction():
            await self._db.execute(
                "DELETE FROM petition_signatures WHERE resident_id = ?", (resident_id,)
            )
            await self._db.execute(
                "DELETE FROM petitions WHERE author_id = ? AND status IN ('moderation', 'refused')",
                (resident_id,),
            )
            await self._db.execute(
                "UPDATE petitions SET author_email = NULL WHERE author_id = ?", (resident_id,)
            )
            await self._db.execute(
                "DELETE FROM petition_drafts WHERE resident_id = ?", (resident_id,)
            )
