"""The plain values of the e-queue: bookings, slots, limit problems, due reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

BookingStatus = Literal["held", "booked", "arrived", "served", "no_show", "cancelled"]
CancelReason = Literal["resident", "closed", "moved", "operator"]
MarkStatus = Literal["arrived", "served", "no_show"]
ReminderKind = Literal["day_before", "hours_before"]
LimitKind = Literal["active", "monthly", "no_show"]
UnavailableReason = Literal["not_in_schedule", "past", "closed", "full"]


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    code: str | None
    resident_id: int
    place_code: str
    service_code: str
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    hold_expires_at: datetime | None
    full_name: str | None
    phone: str | None
    cancel_reason: CancelReason | None
    moved_to: int | None
    booked_at: datetime | None
    created_at: datetime
    updated_at: datetime
    rating: int | None
    rating_comment: str | None


@dataclass(frozen=True, slots=True)
class Slot:
    """A start time a resident may book: `free` of `capacity` windows are still open for the
    whole visit (which may span several schedule slots)."""

    starts_at: datetime
    ends_at: datetime
    capacity: int
    free: int


@dataclass(frozen=True, slots=True)
class GridSlot:
    """One schedule slot of a place: `interval` numbers the working interval of its day."""

    starts_at: datetime
    ends_at: datetime
    interval: int


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive grid slots a visit needs, with what stands in its way."""

    starts_at: datetime
    ends_at: datetime
    free: int
    closed: bool

    def is_open(self, now: datetime, earliest: datetime | None = None) -> bool:
        """Free, not closed, ahead of `now` and no sooner than `earliest` (the lead a
        resident needs to get there)."""
        ahead = self.starts_at > now and (earliest is None or self.starts_at >= earliest)
        return self.free > 0 and not self.closed and ahead


@dataclass(frozen=True, slots=True)
class LimitProblem:
    kind: LimitKind
    count: int
    limit: int
    # For 'monthly': the first local day on which booking is possible again.
    until: date | None = None


@dataclass(frozen=True, slots=True)
class DueReminder:
    id: int
    kind: ReminderKind
    due_at: datetime
    booking: Booking
