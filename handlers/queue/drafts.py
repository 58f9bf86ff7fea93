"""What a conversation of the e-queue has gathered so far, typed, instead of loose FSM keys.

Each draft is stored in the FSM data as a plain dict with the keys and value formats the bot
has always used (only a rating's stars are now a number; the old "⭐⭐⭐" still reads), so a
resident who was mid-flow during an upgrade continues. Reading tolerates missing or
damaged keys: a value that cannot be read counts as not given yet, and `back_to` names the
earliest step that still has to ask for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from handlers.queue.callbacks import day_value, parse_day, parse_slot, slot_value
from ui.arguments import stored_number


class BookingStep(StrEnum):
    """The booking steps in order; the values are the BookingFlow state names."""

    PLACE = "place"
    CATEGORY = "category"
    SERVICE = "service"
    DAY = "day"
    TIME = "time"
    NAME = "name"
    PHONE = "phone"
    CONFIRM = "confirm"


class Editing(StrEnum):
    """What the name or phone step was opened for from the confirmation."""

    NAME = "name"  # the resident's own name
    VISITOR = "visitor"  # the name of the person the resident books for
    PHONE = "phone"


class ClosureStep(StrEnum):
    RANGE = "range"
    REASON = "reason"
    CONFIRM = "confirm"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> int | None:
    return stored_number(value)  # bounded, ASCII digits: a damaged row never reaches SQLite


def _editing(value: Any) -> Editing | None:
    try:
        return Editing(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


# What each booking step needs, and which step asks for each value.
_BOOKING_NEEDS: dict[BookingStep, tuple[str, ...]] = {
    BookingStep.PLACE: (),
    BookingStep.CATEGORY: ("place",),
    BookingStep.SERVICE: ("place", "category"),
    BookingStep.DAY: ("place", "service"),
    BookingStep.TIME: ("place", "service", "day"),
    BookingStep.NAME: ("place", "service", "day", "slot", "hold"),
    BookingStep.PHONE: ("place", "service", "day", "slot", "hold"),
    BookingStep.CONFIRM: ("place", "service", "slot"),
}
_ASKED_BY = {
    "place": BookingStep.PLACE,
    "category": BookingStep.CATEGORY,
    "service": BookingStep.SERVICE,
    "day": BookingStep.DAY,
    "slot": BookingStep.TIME,
    "hold": BookingStep.TIME,
}


@dataclass(frozen=True, slots=True)
class BookingDraft:
    place: str | None = None
    category: str | None = None
    service: str | None = None
    day: date | None = None
    slot: datetime | None = None
    # The slot held while the resident gives name and phone.
    hold: int | None = None
    # Moving a booking: its id and code, and the heading shown above the days (rendered in
    # the resident's language when the move began).
    reschedule: int | None = None
    reschedule_code: str | None = None
    reschedule_title: str | None = None
    # Booking again after the ЦНАП cancelled a visit: the cancelled booking.
    rebook: int | None = None
    # Booking for someone else: their name (the phone stays the resident's own).
    visitor: str | None = None
    # The name or phone step opened from the confirmation returns to it.
    editing: Editing | None = None

    @property
    def service_fixed(self) -> bool:
        """Moving or rebooking keeps the place and service: the days are the first step."""
        return self.reschedule is not None or self.rebook is not None

    def back_to(self, step: BookingStep) -> BookingStep:
        """`step` if everything it needs is known, else the earliest step still to ask."""
        for name in _BOOKING_NEEDS[step]:
            if getattr(self, name) is None:
                return self.back_to(_ASKED_BY[name])
        if step is BookingStep.CONFIRM and self.hold is None and self.reschedule is None:
            return self.back_to(BookingStep.TIME)
        return step

    def to_dict(self) -> dict[str, Any]:
        return _given(
            {
                "place": self.place,
                "category": self.category,
                "service": self.service,
                "day": day_value(self.day) if self.day else None,
                "slot": slot_value(self.slot) if self.slot else None,
                "hold": self.hold,
                "reschedule": self.reschedule,
                "reschedule_code": self.reschedule_code,
                "reschedule_title": self.reschedule_title,
                "rebook": self.rebook,
                "visitor": self.visitor,
                "editing": self.editing.value if self.editing else None,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BookingDraft:
        place, service = _text(data.get("place")), _text(data.get("service"))
        reschedule, rebook = _number(data.get("reschedule")), _number(data.get("rebook"))
        if place is None or service is None:
            reschedule = rebook = None  # nothing left to move: a booking from the start
        return cls(
            place=place,
            category=_text(data.get("category")),
            service=service,
            day=parse_day(data.get("day")),
            slot=parse_slot(data.get("slot")),
            hold=_number(data.get("hold")),
            reschedule=reschedule,
            reschedule_code=_text(data.get("reschedule_code")) if reschedule else None,
            reschedule_title=_text(data.get("reschedule_title")) if reschedule else None,
            rebook=rebook,
            visitor=_text(data.get("visitor")),
            editing=_editing(data.get("editing")),
        )


@dataclass(frozen=True, slots=True)
class RatingDraft:
    """A rating given; the resident may add a comment to it."""

    booking: int | None = None
    stars: int = 0

    def to_dict(self) -> dict[str, Any]:
        return _given({"rated": self.booking, "stars": self.stars})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RatingDraft:
        stars = data.get("stars")
        if isinstance(stars, str):  # stored as "⭐⭐⭐" before
            stars = stars.count("⭐") or _number(stars)
        count = _number(stars) or 0
        return cls(booking=_number(data.get("rated")), stars=count if 1 <= count <= 5 else 0)


_CLOSURE_NEEDS: dict[ClosureStep, tuple[str, ...]] = {
    ClosureStep.RANGE: (),
    ClosureStep.REASON: ("start", "end"),
    ClosureStep.CONFIRM: ("start", "end", "reason"),
}
_CLOSURE_ASKED_BY = {
    "start": ClosureStep.RANGE,
    "end": ClosureStep.RANGE,
    "reason": ClosureStep.REASON,
}


@dataclass(frozen=True, slots=True)
class ClosureDraft:
    """An operator closing a place on a day: the range as typed ('13:00', '24:00'), why."""

    place: str | None = None
    day: date | None = None
    start: str | None = None
    end: str | None = None
    reason: str | None = None

    def back_to(self, step: ClosureStep) -> ClosureStep:
        for name in _CLOSURE_NEEDS[step]:
            if getattr(self, name) is None:
                return self.back_to(_CLOSURE_ASKED_BY[name])
        return step

    def to_dict(self) -> dict[str, Any]:
        return _given(
            {
                "place": self.place,
                "day": day_value(self.day) if self.day else None,
                "start": self.start,
                "end": self.end,
                "reason": self.reason,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClosureDraft:
        return cls(
            place=_text(data.get("place")),
            day=parse_day(data.get("day")),
            start=_text(data.get("start")),
            end=_text(data.get("end")),
            reason=_text(data.get("reason")),
        )
