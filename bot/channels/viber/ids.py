"""Viber user ids are strings; aiogram's User.id, Chat.id and the FSM want integers. Each
Viber user gets a positive internal id once, stored in viber_users, so it survives restarts.
The internal id is also the resident's chat_id on the 'viber' channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.costs import FREE_SESSION  # Viber charges nothing within it
from storage.database import Database, Row
from storage.timeutil import Clock, from_db, to_db, utcnow


@dataclass(frozen=True, slots=True)
class ViberUser:
    id: int
    viber_id: str
    name: str | None
    language: str | None
    subscribed: bool
    last_message_at: datetime | None

    def in_session(self, now: datetime) -> bool:
        return self.last_message_at is not None and now - self.last_message_at < FREE_SESSION


def _user(row: Row) -> ViberUser:
    return ViberUser(
        id=row["id"],
        viber_id=row["viber_id"],
        name=row["name"],
        language=row["language"],
        subscribed=bool(row["subscribed"]),
        last_message_at=from_db(row["last_message_at"]) if row["last_message_at"] else None,
    )


class ViberUsers:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def ensure(
        self, viber_id: str, *, name: str | None = None, language: str | None = None
    ) -> ViberUser:
        """The user's internal id, created on first contact; name and language refreshed."""
        await self._db.execute(
            "INSERT INTO viber_users(viber_id, name, language, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(viber_id) DO UPDATE SET name = COALESCE(excluded.name, name), "
            "language = COALESCE(excluded.language, language)",
            (viber_id, name, language, to_db(self._clock())),
        )
        found = await self.by_viber_id(viber_id)
        if found is None:
            raise LookupError("the Viber user was not stored")
        return found

    async def by_viber_id(self, viber_id: str) -> ViberUser | None:
        row = await self._db.fetchone("SELECT * FROM viber_users WHERE viber_id = ?", (viber_id,))
        return _user(row) if row else None

    async def by_id(self, user_id: int) -> ViberUser | None:
        row = await self._db.fetchone("SELECT * FROM viber_users WHERE id = ?", (user_id,))
        return _user(row) if row else None

    async def set_subscribed(self, viber_id: str, subscribed: bool) -> None:
        await self._db.execute(
            "UPDATE viber_users SET subscribed = ? WHERE viber_id = ?", (int(subscribed), viber_id)
        )

    async def wrote(self, user_id: int) -> None:
        """The user sent a message: they are subscribed and a free 24-hour session opens."""
        await self._db.execute(
            "UPDATE viber_users SET subscribed = 1, last_message_at = ? WHERE id = ?",
            (to_db(self._clock()), user_id),
        )
