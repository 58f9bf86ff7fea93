"""Residents: an internal id, per-channel external ids, language, settlement and consent."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.database import Database, Row
from storage.errors import ConsentRequired, NoticeNotAnswered
from storage.timeutil import Clock, from_db, to_db, utcnow

CONSENT_NOTICE_VERSION = "2026-11"


@dataclass(frozen=True, slots=True)
class Resident:
    id: int
    language: str | None
    settlement_id: int | None
    consent: str | None
    consent_at: datetime | None
    full_name: str | None
    phone: str | None
    active: bool
    onboarded: bool
    created_at: datetime
    # The reply keyboard the chat shows now, as the bot last set it (None: none or unknown).
    reply_keyboard: str | None = None

    @property
    def has_consent(self) -> bool:
        return self.consent == "given"


@dataclass(frozen=True, slots=True)
class ChannelLink:
    channel: str
    external_id: str
    chat_id: str
    active: bool = True  # False: the resident blocked the bot or unsubscribed there


def _resident(row: Row) -> Resident:
    return Resident(
        id=row["id"],
        language=row["language"],
        settlement_id=row["settlement_id"],
        consent=row["consent"],
        consent_at=from_db(row["consent_at"]) if row["consent_at"] else None,
        full_name=row["full_name"],
        phone=row["phone"],
        active=bool(row["active"]),
        onboarded=row["onboarded_at"] is not None,
        created_at=from_db(row["created_at"]),
        reply_keyboard=row["reply_keyboard"],
    )


# Residents kept in memory; the rest are read from the database when they write again.
CACHE_SIZE = 20_000


class ResidentRepository:
    """Residents, read through a bounded in-memory cache so that finding the resident behind
    an update costs no round trip. Every change to a resident goes through this class, which
    drops the cached record (never updates it), so a rolled-back change cannot linger."""

    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock
        self._cache: OrderedDict[int, Resident] = OrderedDict()
        self._ids: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._changes = 0  # a read that overlapped a change does not fill the cache
        self._deleted_listeners: list[Callable[[int], None]] = []

    async def get(self, resident_id: int) -> Resident | None:
        cached = self._cache.get(resident_id)
        if cached is not None:
            self._cache.move_to_end(resident_id)
            return cached
        changes = self._changes
        row = await self._db.fetchone("SELECT * FROM residents WHERE id = ?", (resident_id,))
        found = _resident(row) if row else None
        if found is not None and changes == self._changes and not self._db.in_transaction:
            _remember(self._cache, resident_id, found)
        return found

    async def find_by_channel(self, channel: str, external_id: str) -> Resident | None:
        known = self._ids.get((channel, external_id))
        if known is not None:
            found = await self.get(known)
            if found is not None:
                return found
        link = await self._find_link(channel, external_id)
        return None if link is None else await self.get(link[0])

    async def _find_link(self, channel: str, external_id: str) -> tuple[int, bool] | None:
        """The resident behind a chat and whether the chat is active. Only active chats are
        remembered, so a remembered one never needs reactivating."""
        row = await self._db.fetchone(
            "SELECT c.resident_id, c.active FROM resident_channels c WHERE c.channel = ? "
            "AND c.external_id = ?",
            (channel, external_id),
        )
        if row is None:
            return None
        resident_id, active = int(row["resident_id"]), bool(row["active"])
        if active:
            _remember(self._ids, (channel, external_id), resident_id)
        return resident_id, active

    def _changed(self, resident_id: int) -> None:
        self._changes += 1
        self._cache.pop(resident_id, None)

    async def get_or_create(self, channel: str, external_id: str, chat_id: str) -> Resident:
        """The resident behind a message on `channel`; writing to the bot there makes them
        reachable there again."""
        known = self._ids.get((channel, external_id))
        link = (known, True) if known is not None else await self._find_link(channel, external_id)
        if link is not None:
            resident_id, active = link
            if not active:
                await self.set_active(resident_id, True, channel=channel)
            found = await self.get(resident_id)
            if found is not None:
                return found
        now = to_db(self._clock())
        async with self._db.transaction():
            again = await self.find_by_channel(channel, external_id)
            if again is not None:
                return again
            # Numbers are never reused (administrators address residents by them): the next
            # one comes after the highest ever issued, not after the highest still present.
            resident_id = await self._db.execute(
                "INSERT INTO residents(id, created_at) "
                "SELECT high + 1, ? FROM resident_number_high",
                (now,),
            )
            await self._db.execute(
                "INSERT INTO resident_channels(channel, external_id, resident_id, chat_id, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                (channel, external_id, resident_id, chat_id, now),
            )
        return await self._require(resident_id)

    async def _require(self, resident_id: int) -> Resident:
        resident = await self.get(resident_id)
        if resident is None:
            raise LookupError(f"resident {resident_id} does not exist")
        return resident

    async def channels(self, resident_id: int) -> list[ChannelLink]:
        rows = await self._db.fetchall(
            "SELECT channel, external_id, chat_id, active FROM resident_channels "
            "WHERE resident_id = ? ORDER BY created_at",
            (resident_id,),
        )
        return [
            ChannelLink(r["channel"], r["external_id"], r["chat_id"], bool(r["active"]))
            for r in rows
        ]

    async def set_language(self, resident_id: int, language: str) -> None:
        self._changed(resident_id)
        await self._db.execute(
            "UPDATE residents SET language = ? WHERE id = ?", (language, resident_id)
        )

    async def set_settlement(self, resident_id: int, settlement_id: int) -> None:
        self._changed(resident_id)
        await self._db.execute(
            "UPDATE residents SET settlement_id = ? WHERE id = ?", (settlement_id, resident_id)
        )

    async def set_consent(self, resident_id: int, given: bool) -> None:
        """The resident's answer to the data notice; declining keeps no name or phone."""
        action = "given" if given else "declined"
        now = to_db(self._clock())
        self._changed(resident_id)
        async with self._db.transaction():
            if given:
                await self._db.execute(
                    "UPDATE residents SET consent = 'given', consent_at = ? WHERE id = ?",
                    (now, resident_id),
                )
            else:
                await self._db.execute(
                    "UPDATE residents SET consent = 'declined', consent_at = NULL, "
                    "full_name = NULL, phone = NULL WHERE id = ?",
                    (resident_id,),
                )
            await self._log_consent(resident_id, action, now)

    async def withdraw_consent(self, resident_id: int) -> None:
        """Withdrawing consent erases the personal data collected under it."""
        now = to_db(self._clock())
        self._changed(resident_id)
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE residents SET consent = 'declined', consent_at = NULL, "
                "full_name = NULL, phone = NULL WHERE id = ?",
                (resident_id,),
            )
            await self._log_consent(resident_id, "withdrawn", now)

    async def _log_consent(self, resident_id: int, action: str, now: str) -> None:
        await self._db.execute(
            "INSERT INTO consent_log(resident_id, action, notice, at) VALUES (?, ?, ?, ?)",
            (resident_id, action, CONSENT_NOTICE_VERSION, now),
        )

    async def set_contact(
        self, resident_id: int, *, full_name: str | None = None, phone: str | None = None
    ) -> None:
        """Keep a name or phone for next time; raises ConsentRequired unless consent is given
        (checked in the same statement, so a withdrawal a moment earlier wins)."""
        self._changed(resident_id)
        for column, value in (("full_name", full_name), ("phone", phone)):
            if value is None:
                continue
            changed = await self._db.execute(
                f"UPDATE residents SET {column} = ? WHERE id = ? AND consent = 'given'",
                (value, resident_id),
            )
            if not changed:
                raise ConsentRequired()

    async def set_reply_keyboard(self, resident: Resident, keyboard: str | None) -> None:
        """Remember the reply keyboard just sent to the resident's chat (written only when
        it changes, so the hot path stays free of writes)."""
        if resident.reply_keyboard == keyboard:
            return
        self._changed(resident.id)
        await self._db.execute(
            "UPDATE residents SET reply_keyboard = ? WHERE id = ?", (keyboard, resident.id)
        )

    async def mark_onboarded(self, resident_id: int) -> None:
        """Onboarding is over; raises NoticeNotAnswered for a resident who never answered the
        data notice (given or declined), so no way round the notice can finish it."""
        self._changed(resident_id)
        changed = await self._db.execute(
            "UPDATE residents SET onboarded_at = COALESCE(onboarded_at, ?) WHERE id = ? "
            "AND (consent IS NOT NULL OR onboarded_at IS NOT NULL)",
            (to_db(self._clock()), resident_id),
        )
        if not changed:
            raise NoticeNotAnswered()

    async def set_active(self, resident_id: int, active: bool, *, channel: str) -> None:
        """The resident blocked the bot (or unsubscribed) on `channel`, or came back there.
        `Resident.active` follows: true while they are reachable on some channel (a trigger
        of migration 0008 keeps it so)."""
        self._changed(resident_id)
        if not active:
            self._ids = OrderedDict(
                (key, rid)
                for key, rid in self._ids.items()
                if not (rid == resident_id and key[0] == channel)
            )
        await self._db.execute(
            "UPDATE resident_channels SET active = ? WHERE resident_id = ? AND channel = ?",
            (int(active), resident_id, channel),
        )

    def on_deleted(self, listener: Callable[[int], None]) -> None:
        """Call `listener(resident_id)` after a resident is erased (in-memory caches)."""
        self._deleted_listeners.append(listener)

    async def delete(self, resident_id: int) -> None:
        """Erase the resident and, by cascade, everything tied to them."""
        self._changed(resident_id)
        await self._db.execute("DELETE FROM residents WHERE id = ?", (resident_id,))
        self._changed(resident_id)
        self._ids = OrderedDict((k, v) for k, v in self._ids.items() if v != resident_id)
        for listener in self._deleted_listeners:
            listener(resident_id)

    async def merge_chats_into(self, source_id: int, target_id: int) -> None:
        """Move every chat of `source_id` to `target_id`, then erase `source_id` (linking a
        second messenger). Runs inside the caller's transaction when there is one."""
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE resident_channels SET resident_id = ? WHERE resident_id = ?",
                (target_id, source_id),
            )
            await self.delete(source_id)
        self._changed(target_id)
        self._ids = OrderedDict((k, v) for k, v in self._ids.items() if v != source_id)

    async def ids_by_channel(self, channel: str, external_ids: Iterable[str]) -> list[int]:
        """Resident numbers of those external ids that have written to the bot."""
        wanted = list(dict.fromkeys(external_ids))
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        rows = await self._db.fetchall(
            "SELECT DISTINCT resident_id FROM resident_channels WHERE channel = ? "
            f"AND external_id IN ({marks}) ORDER BY resident_id",
            (channel, *wanted),
        )
        return [int(r["resident_id"]) for r in rows]


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    cache.move_to_end(key)
    if len(cache) > CACHE_SIZE:
        cache.popitem(last=False)
