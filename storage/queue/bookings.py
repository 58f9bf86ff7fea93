"""A resident's booking from start to end: a held slot, the confirmed booking with its code and
reminders, cancelling and moving it, rating the visit, switching reminders, and what the
resident sees of their bookings."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from storage.database import Database
from storage.errors import require_consent
from storage.queue.availability import Availability
from storage.queue.catalogue import Catalogue
from storage.queue.config import CnapConfig, Place, Service
from storage.queue.errors import (
    AlreadyRated,
    HoldExpired,
    InvalidInput,
    SlotUnavailable,
    TooLate,
    WrongState,
)
from storage.queue.limits import Limits
from storage.queue.models import Booking, ReminderKind
from storage.queue.reminders import Reminders
from storage.queue.rows import BookingRows, as_utc, booking_from_row
from storage.queue.rules import CODE_PREFIX, booking_contact, clean_comment
from storage.timeutil import Clock, to_db, utcnow


class Bookings:
    def __init__(
        self,
        db: Database,
        catalogue: Catalogue,
        availability: Availability,
        limits: Limits,
        reminders: Reminders,
        clock: Clock = utcnow,
    ) -> None:
        self._db = db
        self._rows = BookingRows(db)
        self._catalogue = catalogue
        self._availability = availability
        self._limits = limits
        self._reminders = reminders
        self._clock = clock

    # --- holding and confirming -----------------------------------------------------------

    async def hold(
        self,
        resident_id: int,
        place_code: str,
        service_code: str,
        starts_at: datetime,
        phone: str | None = None,
    ) -> Booking:
        """Keep a slot for `hold_minutes` while the resident enters name and phone. A hold the
        resident had elsewhere is released (restored if this one fails). Limits count the
        resident's verified `phone` too, when it is known."""
        config, place, service = await self._catalogue.offer(place_code, service_code)
        starts_at = as_utc(starts_at)
        now = self._clock()
        settings = config.settings
        async with self._db.transaction():
            await self._db.execute(
                "DELETE FROM cnap_bookings WHERE resident_id = ? AND status = 'held'",
                (resident_id,),
            )
            await self._limits.enforce(resident_id, settings, now, phone)
            run = await self._availability.bookable(config, place, service, starts_at, now)
            booking_id = await self._db.execute(
                "INSERT INTO cnap_bookings(resident_id, place_code, service_code, starts_at, "
                "ends_at, status, hold_expires_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'held', ?, ?, ?)",
                (
                    resident_id,
                    place.code,
                    service.code,
                    to_db(run.starts_at),
                    to_db(run.ends_at),
                    to_db(now + timedelta(minutes=settings.hold_minutes)),
                    to_db(now),
                    to_db(now),
                ),
            )
            return await self._rows.get(booking_id)

    async def release_hold(self, booking_id: int, resident_id: int) -> None:
        """The resident stepped back from the form: give the slot back at once."""
        await self._db.execute(
            "DELETE FROM cnap_bookings WHERE id = ? AND resident_id = ? AND status = 'held'",
            (booking_id, resident_id),
        )

    async def purge_expired_holds(self, before: datetime) -> int:
        """Delete holds that lapsed before `before`; they no longer occupy anything."""
        return await self._db.execute(
            "DELETE FROM cnap_bookings WHERE status = 'held' AND hold_expires_at < ?",
            (to_db(before),),
        )

    async def confirm(
        self, booking_id: int, resident_id: int, full_name: str, phone: str
    ) -> Booking:
        """Turn the hold into a booking with a short code and reminders. Confirming twice
        returns the same booking. `full_name` is whoever comes (the resident or the person
        they book for); `phone` is always the resident's own, and the limits follow it. The
        name and phone are kept only while the resident's consent is given (ConsentRequired
        otherwise)."""
        config = await self._catalogue.config()
        now = self._clock()
        async with self._db.transaction():
            held = await self._rows.owned(booking_id, resident_id)
            if held.status == "booked":
                return held
            if held.status != "held":
                raise WrongState(held.status)
            await require_consent(self._db, resident_id)
            full_name, phone = booking_contact(full_name, phone)
            await self._limits.enforce(resident_id, config.settings, now, phone)
            place, service = _resolve(config, held)
            lapsed = held.hold_expires_at is not None and held.hold_expires_at <= now
            try:
                await self._availability.bookable(
                    config, place, service, held.starts_at, now, exclude=held.id, window=False
                )
            except SlotUnavailable:
                if lapsed:
                    raise HoldExpired() from None
                raise
            await self._with_new_code(
                "UPDATE cnap_bookings SET status = 'booked', code = ?, full_name = ?, phone = ?, "
                "hold_expires_at = NULL, booked_at = ?, updated_at = ? WHERE id = ?",
                lambda code: (code, full_name, phone, to_db(now), to_db(now), held.id),
            )
            await self._reminders.plan(held.id, held.starts_at, config.settings, now)
            await self._limits.marks.booked(held.id, phone, now)
            return await self._rows.get(held.id)

    # --- cancelling and moving ------------------------------------------------------------

    async def cancel(self, booking_id: int, resident_id: int) -> Booking:
        """Cancel an upcoming booking; cancelling again returns it unchanged."""
        now = self._clock()
        async with self._db.transaction():
            booking = await self._rows.owned(booking_id, resident_id, holds=False)
            if booking.status == "cancelled":
                return booking
            _require_upcoming(booking, now)
            await self._rows.cancel(booking.id, "resident", now)
            return await self._rows.get(booking.id)

    async def reschedule(
        self, booking_id: int, resident_id: int, new_starts_at: datetime
    ) -> Booking:
        """Move a booking to another start at the same place for the same service: the new
        booking is created and the old one cancelled (reason 'moved', moved_to set) at once.
        The resident keeps their code (the old row takes a fresh one) and their reminder
        choices. Limits are not checked again: a move replaces a booking, it adds none."""
        config = await self._catalogue.config()
        new_starts_at = as_utc(new_starts_at)
        now = self._clock()
        async with self._db.transaction():
            old = await self._rows.owned(booking_id, resident_id, holds=False)
            _require_upcoming(old, now)
            if new_starts_at == old.starts_at:
                return old
            await require_consent(self._db, resident_id)  # the new booking carries name and phone
            place, service = _resolve(config, old)
            run = await self._availability.bookable(
                config, place, service, new_starts_at, now, exclude=old.id
            )
            switched_off = [
                kind
                for kind, on in (await self._reminders.switchable(old.id, now)).items()
                if not on
            ]
            await self._with_new_code(
                "UPDATE cnap_bookings SET code = ? WHERE id = ?", lambda code: (code, old.id)
            )
            new_id = await self._db.execute(
                "INSERT INTO cnap_bookings(code, resident_id, place_code, service_code, "
                "starts_at, ends_at, status, full_name, phone, booked_at, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?)",
                (
                    old.code,
                    resident_id,
                    old.place_code,
                    old.service_code,
                    to_db(run.starts_at),
                    to_db(run.ends_at),
                    old.full_name,
                    old.phone,
                    to_db(now),
                    to_db(now),
                    to_db(now),
                ),
            )
            await self._rows.cancel(old.id, "moved", now, moved_to=new_id)
            await self._reminders.plan(new_id, run.starts_at, config.settings, now)
            for kind in switched_off:
                await self._reminders.switch(new_id, kind, False, now)
            await self._limits.marks.moved(old.id, new_id)
            return await self._rows.get(new_id)

    async def forget_contacts(self, resident_id: int) -> list[Booking]:
        """Consent withdrawn: cancel the resident's visits still ahead (the ЦНАП may not keep a
        name and phone for them any more) and erase name and phone from all their bookings.
        Returns the visits it cancelled."""
        now = self._clock()
        async with self._db.transaction():
            ahead = [
                b
                for b in await self.upcoming(resident_id)
                if b.status == "booked" and b.starts_at > now
            ]
            for visit in ahead:
                await self._rows.cancel(visit.id, "resident", now)
            await self._db.execute(
                "DELETE FROM cnap_bookings WHERE resident_id = ? AND status = 'held'",
                (resident_id,),
            )
            await self._db.execute(
                "UPDATE cnap_bookings SET full_name = NULL, phone = NULL, updated_at = ? "
                "WHERE resident_id = ?",
                (to_db(now), resident_id),
            )
        return ahead

    # --- after the visit, and reminders ---------------------------------------------------

    async def rate(
        self, booking_id: int, resident_id: int, rating: int, comment: str | None = None
    ) -> Booking:
        """The quality survey after a served visit (1-5), once."""
        if not 1 <= rating <= 5:
            raise InvalidInput("a rating is 1 to 5")
        comment = clean_comment(comment)
        async with self._db.transaction():
            booking = await self._rows.owned(booking_id, resident_id, holds=False)
            if booking.status != "served":
                raise WrongState(booking.status)
            if booking.rating is not None:
                raise AlreadyRated()
            await self._db.execute(
                "UPDATE cnap_bookings SET rating = ?, rating_comment = ?, updated_at = ? "
                "WHERE id = ?",
                (rating, comment, to_db(self._clock()), booking.id),
            )
            return await self._rows.get(booking.id)

    async def comment(self, booking_id: int, resident_id: int, comment: str) -> Booking:
        """A comment to a rating already given, once."""
        text = clean_comment(comment)
        if text is None:
            raise InvalidInput("an empty comment")
        async with self._db.transaction():
            booking = await self._rows.owned(booking_id, resident_id, holds=False)
            if booking.rating is None:
                raise WrongState(booking.status)
            if booking.rating_comment is not None:
                raise AlreadyRated()
            await self._db.execute(
                "UPDATE cnap_bookings SET rating_comment = ?, updated_at = ? WHERE id = ?",
                (text, to_db(self._clock()), booking.id),
            )
            return await self._rows.get(booking.id)

    async def reminder_preferences(
        self, booking_id: int, resident_id: int
    ) -> dict[ReminderKind, bool]:
        """Reminders of a booking the resident may still switch on or off: kind -> on.
        Reminders already sent, or never created because their time had passed, are absent."""
        booking = await self._rows.owned(booking_id, resident_id, holds=False)
        if booking.status != "booked":
            return {}
        return await self._reminders.switchable(booking_id, self._clock())

    async def set_reminder(
        self, booking_id: int, resident_id: int, kind: ReminderKind, on: bool
    ) -> None:
        """Switch one reminder of an upcoming booking on or off."""
        now = self._clock()
        async with self._db.transaction():
            booking = await self._rows.owned(booking_id, resident_id, holds=False)
            _require_upcoming(booking, now)
            await self._reminders.switch(booking_id, kind, on, now)

    async def toggle_reminder(
        self, booking_id: int, resident_id: int, kind: ReminderKind
    ) -> dict[ReminderKind, bool]:
        """Switch one reminder the other way and return the switches as they are now: the
        check, the switch and the read are one transaction, so an operator's mark meanwhile
        either comes first (WrongState) or after."""
        now = self._clock()
        async with self._db.transaction():
            booking = await self._rows.owned(booking_id, resident_id, holds=False)
            _require_upcoming(booking, now)
            prefs = await self._reminders.switchable(booking_id, now)
            if kind in prefs:
                await self._reminders.switch(booking_id, kind, not prefs[kind], now)
            return await self._reminders.switchable(booking_id, now)

    # --- what the resident sees -----------------------------------------------------------

    async def get_for_resident(self, booking_id: int, resident_id: int) -> Booking:
        return await self._rows.owned(booking_id, resident_id)

    async def count_for_resident(self, resident_id: int) -> int:
        """How many visits are kept about the resident (for «my data»): a moved visit is one
        visit, whatever the number of moves."""
        count = await self._db.fetchval(
            "SELECT COUNT(*) FROM cnap_bookings WHERE resident_id = ? AND status <> 'held' "
            "AND cancel_reason IS NOT 'moved'",
            (resident_id,),
        )
        return int(count)

    async def upcoming(self, resident_id: int) -> list[Booking]:
        rows = await self._db.fetchall(
            "SELECT * FROM cnap_bookings WHERE resident_id = ? "
            "AND status IN ('booked', 'arrived') AND ends_at > ? ORDER BY starts_at, id",
            (resident_id, to_db(self._clock())),
        )
        return [booking_from_row(r) for r in rows]

    async def past(self, resident_id: int, limit: int = 20) -> list[Booking]:
        """Visits whose time is over (or that were served), newest first. A booking that was
        moved is left out: its replacement tells the story."""
        rows = await self._db.fetchall(
            "SELECT * FROM cnap_bookings WHERE resident_id = :resident AND status <> 'held' "
            "AND NOT (status IN ('booked', 'arrived') AND ends_at > :now) "
            "AND NOT (status = 'cancelled' AND starts_at > :now) "
            "AND cancel_reason IS NOT 'moved' ORDER BY starts_at DESC, id DESC LIMIT :limit",
            {"resident": resident_id, "now": to_db(self._clock()), "limit": limit},
        )
        return [booking_from_row(r) for r in rows]

    async def cancelled_ahead(self, resident_id: int, limit: int = 20) -> list[Booking]:
        """Visits still to come that were cancelled (by the resident, the ЦНАП or a closure),
        soonest first; moved ones are left out."""
        rows = await self._db.fetchall(
            "SELECT * FROM cnap_bookings WHERE resident_id = ? AND status = 'cancelled' "
            "AND starts_at > ? AND cancel_reason IS NOT 'moved' ORDER BY starts_at, id LIMIT ?",
            (resident_id, to_db(self._clock()), limit),
        )
        return [booking_from_row(r) for r in rows]

    async def _with_new_code(self, sql: str, params: Callable[[str], Sequence[Any]]) -> int:
        """Run a statement that gives a booking a short random code, unique over all
        bookings (the UNIQUE constraint decides): four digits while they last."""
        attempt = 0
        while True:
            digits = 4 + attempt // 5
            number = 10 ** (digits - 1) + secrets.randbelow(9 * 10 ** (digits - 1))
            try:
                return await self._db.execute(sql, params(f"{CODE_PREFIX}{number}"))
            except sqlite3.IntegrityError as error:
                if "cnap_bookings.code" not in str(error):
                    raise
            attempt += 1


def _resolve(config: CnapConfig, booking: Booking) -> tuple[Place, Service]:
    """Place and service of an existing booking; gone from the file means not bookable."""
    place, service = config.place(booking.place_code), config.service(booking.service_code)
    if place is None or service is None:
        raise SlotUnavailable("not_in_schedule")
    return place, service


def _require_upcoming(booking: Booking, now: datetime) -> None:
    if booking.status != "booked":
        raise WrongState(booking.status)
    if booking.starts_at <= now:
        raise TooLate()
