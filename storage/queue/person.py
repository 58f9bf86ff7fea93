"""The minimal record that lets booking limits follow a person: per booking, a keyed hash of
the verified phone it was booked with, the day it was confirmed and, for a missed visit, the
visit's time. No name, no number, no resident: it stays when a resident deletes their data,
so deleting and coming back resets neither the monthly limit nor the no-show block."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from storage.database import Database
from storage.timeutil import to_db

_KEY_NAME = "person-hash"
# Monthly counts need the current month only; older rows that record no no-show go.
KEPT_DAYS = 62


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


class PersonMarks:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._key: bytes | None = None

    async def _secret(self) -> bytes:
        """This installation's key (so the hashes cannot be matched against another
        database's or a table of all phone numbers made elsewhere)."""
        if self._key is None:
            await self._db.execute(
                "INSERT INTO install_keys(name, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (_KEY_NAME, secrets.token_hex(32)),
            )
            value = await self._db.fetchval(
                "SELECT value FROM install_keys WHERE name = ?", (_KEY_NAME,)
            )
            self._key = bytes.fromhex(str(value))
        return self._key

    async def person_of(self, phone: str | None) -> str | None:
        """The hash a phone number is counted under; None without a number."""
        digits = _digits(phone or "")
        if not digits:
            return None
        return hmac.new(await self._secret(), digits.encode(), hashlib.sha256).hexdigest()

    async def booked(self, booking_id: int, phone: str, at: datetime) -> None:
        """A booking was confirmed (inside the booking's transaction)."""
        person = await self.person_of(phone)
        if person is not None:
            await self._db.execute(
                "INSERT INTO cnap_person_marks(booking_id, person, booked_at) VALUES (?, ?, ?) "
                "ON CONFLICT(booking_id) DO NOTHING",
                (booking_id, person, to_db(at)),
            )

    async def moved(self, old_id: int, new_id: int) -> None:
        """The replacement of a moved booking belongs to the same person, counted once."""
        await self._db.execute(
            "INSERT INTO cnap_person_marks(booking_id, person) SELECT ?, person "
            "FROM cnap_person_marks WHERE booking_id = ? ON CONFLICT(booking_id) DO NOTHING",
            (new_id, old_id),
        )

    async def missed(self, booking_id: int, starts_at: datetime | None) -> None:
        """An operator marked the visit a no-show (its time), or corrected that (None)."""
        await self._db.execute(
            "UPDATE cnap_person_marks SET no_show_at = ? WHERE booking_id = ?",
            (to_db(starts_at) if starts_at else None, booking_id),
        )

    async def lifted(self, resident_id: int) -> None:
        """An operator lifted the resident's no-show block: the person's earlier no-shows,
        under any former record too, stop counting (for their phone now and the phones
        their bookings were made with)."""
        phone = await self._db.fetchval("SELECT phone FROM residents WHERE id = ?", (resident_id,))
        await self._db.execute(
            "UPDATE cnap_person_marks SET no_show_at = NULL WHERE no_show_at IS NOT NULL "
            "AND (person = ? OR person IN (SELECT m.person FROM cnap_person_marks m "
            "JOIN cnap_bookings b ON b.id = m.booking_id WHERE b.resident_id = ?))",
            (await self.person_of(phone), resident_id),
        )

    async def purge(self, before: datetime) -> int:
        """Drop rows that only counted for a month long past."""
        return await self._db.execute(
            "DELETE FROM cnap_person_marks WHERE no_show_at IS NULL "
            "AND (booked_at IS NULL OR booked_at < ?) AND (booking_id IS NULL OR booking_id "
            "NOT IN (SELECT id FROM cnap_bookings WHERE status IN ('booked', 'arrived')))",
            (to_db(before),),
        )
