"""Every rule of the e-queue that a resident or operator should be told about in words is a
BookingError subclass; handlers choose the words by its type."""

# Error names read as outcomes (SlotUnavailable, HoldExpired), as the handlers expect them.
# ruff: noqa: N818

from __future__ import annotations

from datetime import date

from storage.queue.models import LimitProblem, UnavailableReason


class BookingError(Exception):
    """Base of everything the resident or operator should be told in words."""


class CnapNotConfigured(BookingError):
    """The community file has no `cnap` section."""


class UnknownCode(BookingError):
    """A place or service code not in the community file, or a service not offered there."""


class NotFound(BookingError):
    """No such booking for this resident (or place): another resident's booking looks the same."""


class SlotUnavailable(BookingError):
    def __init__(self, reason: UnavailableReason = "not_in_schedule") -> None:
        super().__init__(reason)
        self.reason: UnavailableReason = reason


class OutsideWindow(BookingError):
    def __init__(self, first: date, last: date) -> None:
        super().__init__(f"bookable days are {first}..{last}")
        self.first = first
        self.last = last


class LimitReached(BookingError):
    def __init__(self, problem: LimitProblem) -> None:
        super().__init__(problem.kind)
        self.problem = problem


class HoldExpired(BookingError):
    """The hold lapsed and the slot was taken (or closed) meanwhile."""


class WrongState(BookingError):
    def __init__(self, status: str) -> None:
        super().__init__(f"not allowed while the booking is {status}")
        self.status = status


class TooLate(BookingError):
    """The visit has already started: it can no longer be cancelled or moved."""


class TooEarly(BookingError):
    """A no-show can be marked only once the visit time has come."""


class AlreadyRated(BookingError):
    pass


class InvalidInput(BookingError, ValueError):
    """A name, phone, rating, comment or closure the rules refuse. Handlers check what was
    typed with storage.queue.rules first and ask again; this is the last guard."""
