"""Residents: an internal id, per-channel external ids, language, settlement and consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.database import Database, Row
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
    )


class ResidentRepository:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def get(self, resident_id: int) -> Resident | None:
        row = await self._db.fetchone("SELECT * FROM residents WHERE id = ?", (resident_id,))
        return _resident(row) if row else None

    async def find_by_channel(self, channel: str, external_id: str) -> Resident | None:
        row = await self._find_link(channel, external_id)
        return _resident(row) if row else None

    async def _find_link(self, channel: str, external_id: str) -> Row | None:
        return await self._db.fetchone(
            "SELECT r.*, c.active AS link_active FROM residents r "
            "JOIN resident_channels c ON c.resident_id = r.id "
            "WHERE c.channel = ? AND c.external_id = ?",
            (channel, external_id),
        )

    async def get_or_create(self, channel: str, external_id: str, chat_id: str) -> Resident:
        """The resident behind a message on `channel`; writing to the bot there makes them
        reachable there again."""
        row = await self._find_link(channel, external_id)
        if row is not None:
            found = _resident(row)
            if not row["link_active"]:
                await self.set_active(found.id, True, channel=channel)
                return await self._require(found.id)
            return found
        now = to_db(self._clock())
        async with self._db.transaction():
            again = await self.find_by_channel(channel, external_id)
            if again is not None:
                return again
            resident_id = await self._db.execute(
                "INSERT INTO residents(created_at) VALUES (?)", (now,)
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
        await self._db.execute(
            "UPDATE residents SET language = ? WHERE id = ?", (language, resident_id)
        )

    async def set_settlement(self, resident_id: int, settlement_id: int) -> None:
        await self._db.execute(
            "UPDATE residents SET settlement_id = ? WHERE id = ?", (settlement_id, resident_id)
        )

    async def set_consent(self, resident_id: int, given: bool) -> None:
        action = "given" if given else "declined"
        now = to_db(self._clock())
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE residents SET consent = ?, consent_at = ? WHERE id = ?",
                (action, now if given else None, resident_id),
            )
            await self._log_consent(resident_id, action, now)

    async def withdraw_consent(self, resident_id: int) -> None:
        """Withdrawing consent erases the personal data collected under it."""
        now = to_db(self._clock())
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
        if full_name is not None:
            await self._db.execute(
                "UPDATE residents SET full_name = ? WHERE id = ?", (full_name, resident_id)
            )
        if phone is not None:
            await self._db.execute(
                "UPDATE residents SET phone = ? WHERE id = ?", (phone, resident_id)
            )

    async def mark_onboarded(self, resident_id: int) -> None:
        await self._db.execute(
            "UPDATE residents SET onboarded_at = COALESCE(onboarded_at, ?) WHERE id = ?",
            (to_db(self._clock()), resident_id),
        )

    async def set_active(self, resident_id: int, active: bool, *, channel: str) -> None:
        """The resident blocked the bot (or unsubscribed) on `channel`, or came back there.
        `Resident.active` follows: true while they are reachable on some channel (a trigger
        of migration 0008 keeps it so)."""
        await self._db.execute(
            "UPDATE resident_channels SET active = ? WHERE resident_id = ? AND channel = ?",
            (int(active), resident_id, channel),
        )

    async def delete(self, resident_id: int) -> None:
        """Erase the resident and, by cascade, everything tied to them."""
        await self._db.execute("DELETE FROM residents WHERE id = ?", (resident_id,))

    async def roles(self, resident_id: int) -> set[tuple[str, str]]:
        rows = await self._db.fetchall(
            "SELECT role, scope FROM staff_roles WHERE resident_id = ?", (resident_id,)
        )
        return {(r["role"], r["scope"]) for r in rows}

    async def grant_role(self, resident_id: int, role: str, scope: str = "") -> None:
        await self._db.execute(
            "INSERT OR IGNORE INTO staff_roles(resident_id, role, scope, granted_at) "
            "VALUES (?, ?, ?, ?)",
            (resident_id, role, scope, to_db(self._clock())),
        )

    async def revoke_role(self, resident_id: int, role: str, scope: str = "") -> None:
        await self._db.execute(
            "DELETE FROM staff_roles WHERE resident_id = ? AND role = ? AND scope = ?",
            (resident_id, role, scope),
        )
