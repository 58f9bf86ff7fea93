"""Linking messengers: a resident shows a one-time code on one messenger and types it on the
other, and both chats then belong to one resident record, so bookings, petitions and
subscriptions follow them.

The chat that types the code is joined to the record that showed it; its own record, made
when it first wrote, is erased. That record must hold nothing of its own (a booking, a
petition, an appeal): otherwise the two are not merged and the resident is told why."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from storage.costs import PaidMessages
from storage.database import Database
from storage.residents import ResidentRepository
from storage.timeutil import Clock, to_db, utcnow

CODE_DIGITS = 8
CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_TRIES = 5  # per resident within a code's lifetime, against guessing
# Tables that describe the chat itself rather than anything the resident did, and the paid
# message choices, which move along with the chat (storage/costs.py).
_OWN_TABLES = frozenset(
    {"resident_channels", "consent_log", "link_codes", *PaidMessages.CHAT_TABLES}
)


class LinkResult(StrEnum):
    LINKED = "linked"
    UNKNOWN = "unknown"  # no such code, or it expired
    SAME = "same"  # the code was shown by this very record
    HAS_DATA = "has-data"  # this chat's record holds data of its own
    TOO_MANY = "too-many"  # too many wrong codes lately


@dataclass(frozen=True, slots=True)
class IssuedCode:
    code: str
    expires_at: datetime


class LinkCodes:
    def __init__(self, db: Database, residents: ResidentRepository, clock: Clock = utcnow) -> None:
        self._db = db
        self._residents = residents
        self._clock = clock
        self._wrong: OrderedDict[int, list[datetime]] = OrderedDict()

    async def issue(self, resident_id: int) -> IssuedCode:
        """A fresh code for the resident; an earlier one stops working."""
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        expires = self._clock() + CODE_LIFETIME
        async with self._db.transaction():
            await self._db.execute("DELETE FROM link_codes WHERE resident_id = ?", (resident_id,))
            await self._db.execute(
                "INSERT INTO link_codes(code, resident_id, expires_at) VALUES (?, ?, ?)",
                (code, resident_id, to_db(expires)),
            )
        return IssuedCode(code, expires)

    async def redeem(self, code: str, resident_id: int) -> LinkResult:
        now = self._clock()
        recent = [at for at in self._wrong.get(resident_id, []) if now - at < CODE_LIFETIME]
        if len(recent) >= MAX_WRONG_TRIES:
            return LinkResult.TOO_MANY
        target = await self._db.fetchval(
            "SELECT resident_id FROM link_codes WHERE code = ? AND expires_at > ?",
            (code, to_db(now)),
        )
        if target is None:
            self._wrong[resident_id] = [*recent, now]
            self._wrong.move_to_end(resident_id)
            if len(self._wrong) > 10_000:
                self._wrong.popitem(last=False)
            return LinkResult.UNKNOWN
        if int(target) == resident_id:
            return LinkResult.SAME
        if await self._holds_data(resident_id):
            return LinkResult.HAS_DATA
        async with self._db.transaction():
            await self._db.execute("DELETE FROM link_codes WHERE code = ?", (code,))
            await PaidMessages(self._db, self._clock).move(resident_id, int(target))
            await self._residents.merge_chats_into(resident_id, int(target))
        return LinkResult.LINKED

    async def _holds_data(self, resident_id: int) -> bool:
        tables = await self._db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        for table in (str(t["name"]) for t in tables if t["name"] not in _OWN_TABLES):
            for key in await self._db.fetchall(f"PRAGMA foreign_key_list('{table}')"):
                if key["table"] != "residents":
                    continue
                column = str(key["from"])
                found = await self._db.fetchval(
                    f'SELECT 1 FROM "{table}" WHERE "{column}" = ? LIMIT 1', (resident_id,)
                )
                if found:
                    return True
        return False
