"""The booking table as the e-queue services share it: row mapping, the reads by id that check
who may see a booking, and cancelling one together with its pending reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from storage.database import Database, Row
from storage.queue.errors import NotFound
from storage.queue.models import Booking, BookingStatus, CancelReason
from storage.timeutil import to_db

# A slot is taken by every booking that was not cancelled (an early "served" mark does not
# free the rest of a visit) and by holds that have not expired yet.
OCCUPIES = (
    "(status IN ('booked', 'arrived', 'served', 'no_show') "
    "OR (status = 'held' AND hold_expires_at > ?))"
)
# No visit lasts longer than a day: a lower bound that lets overlap queries use the index.
LONGEST_VISIT = timedelta(days=1)


def from_db(value: str) -> datetime:
    """timeutil.from_db, faster: occupancy reads parse thousands of these per request."""
    return datetime.fromisoformat(value)


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a booking time must carry its time zone")
    return moment.astimezone(UTC)


def booking_from_row(row: Row) -> Booking:
    def moment(column: str) -> datetime | None:
        value = row[column]
        return from_db(value) if value else None

    return Booking(
        id=row["id"],
        code=row["code"],
        resident_id=row["resident_id"],
        place_code=row["place_code"],
        service_code=row["service_code"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        status=cast(BookingStatus, row["status"]),
        hold_expires_at=moment("hold_expires_at"),
        full_name=row["full_name"],
        phone=row["phone"],
        cancel_reason=cast(CancelReason | None, row["cancel_reason"]),
        moved_to=row["moved_to"],
        booked_at=moment("booked_at"),
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
        rating=row["rating"],
        rating_comment=row["rating_comment"],
    )


class BookingRows:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, booking_id: int) -> Booking:
        row = await self._db.fetchone("SELECT * FROM cnap_bookings WHERE id = ?", (booking_id,))
        if row is None:
            raise NotFound()
        return booking_from_row(row)

    async def owned(self, booking_id: int, resident_id: int, *, holds: bool = True) -> Booking:
        """The resident's own booking; another resident's looks exactly like a missing one."""
        row = await self._db.fetchone(
            "SELECT * FROM cnap_bookings WHERE id = ? AND resident_id = ?",
            (booking_id, resident_id),
        )
        if row is None or (not holds and row["status"] == "held"):
            raise NotFound()
        return booking_from_row(row)

    async def at_place(self, booking_id: int, place_code: str) -> Booking:
        """A booking (not a hold) at the place; one at another place is not found."""
        row = await self._db.fetchone(
            "SELECT * FROM cnap_bookings WHERE id = ? AND place_code = ? AND status <> 'held'",
            (booking_id, place_code),
        )
        if row is None:
            raise NotFound()
        return booking_from_row(row)

    async def cancel(
        self, booking_id: int, reason: CancelReason, now: datetime, moved_to: int | None = None
    ) -> None:
        await self._db.execute(
            "UPDATE cnap_bookings SET status = 'cancelled', cancel_reason = ?, moved_to = ?, "
            "updated_at = ? WHERE id = ?",
            (reason, moved_to, to_db(now), booking_id),
        )
        await self.drop_reminders(booking_id, now)

    async def drop_reminders(self, booking_id: int, now: datetime) -> None:
        """The visit is cancelled or its outcome is known: nothing more to remind about."""
        await self._db.execute(
            "UPDATE cnap_reminders SET state = 'dropped', updated_at = ? "
            "WHERE booking_id = ? AND state = 'pending'",
            (to_db(now), booking_id),
        )
