"""The e-queue's button data. Each prefix carries a version: bump it when the packed format
changes, so buttons of old messages fail cleanly into the stale-button answer. Actions are
enums and ids bounded, so forged data never reaches a handler. The packed format is the one
buttons already sent (reminders, closure notices, rating requests) carry."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import AfterValidator

from storage.queue.models import MarkStatus, ReminderKind
from ui.arguments import ascii_number
from ui.callbacks import Id, Stars

# Days a button may name: far wider than any booking window or desk day, far inside what
# date arithmetic and the database can hold (a forged 9999-12-31 has no next day).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
_FIRST_SLOT = int(datetime.combine(FIRST_DAY, time(0), tzinfo=UTC).timestamp())
_LAST_SLOT = int(datetime.combine(LAST_DAY, time(0), tzinfo=UTC).timestamp())


class QueueAction(StrEnum):
    START = "start"
    MINE = "mine"
    CONSENT = "consent"
    PLACE = "place"
    CATEGORY = "category"
    SERVICE = "service"
    DAY = "day"
    TIME = "time"
    CONFIRM = "confirm"
    BACK = "back"
    LEAVE = "leave"
    EDIT_NAME = "edit-name"
    EDIT_PHONE = "edit-phone"
    FOR_OTHER = "for-other"
    FOR_SELF = "for-self"


class TicketAction(StrEnum):
    SHOW = "show"
    CANCEL = "cancel"
    CANCEL_YES = "cancel-yes"
    RESCHEDULE = "reschedule"
    REBOOK = "rebook"
    REMINDERS = "reminders"
    TOGGLE_DAY_BEFORE = "toggle-day_before"
    TOGGLE_HOURS_BEFORE = "toggle-hours_before"


TOGGLES: dict[TicketAction, ReminderKind] = {
    TicketAction.TOGGLE_DAY_BEFORE: "day_before",
    TicketAction.TOGGLE_HOURS_BEFORE: "hours_before",
}


class OperatorAction(StrEnum):
    DAY = "day"
    CARD = "card"
    MARK_ARRIVED = "mark-arrived"
    MARK_SERVED = "mark-served"
    MARK_NO_SHOW = "mark-no_show"
    CLOSE = "close"
    CLOSE_DAY = "close-day"
    CLOSE_YES = "close-yes"
    CLOSE_NO = "close-no"


MARKS: dict[OperatorAction, MarkStatus] = {
    OperatorAction.MARK_ARRIVED: "arrived",
    OperatorAction.MARK_SERVED: "served",
    OperatorAction.MARK_NO_SHOW: "no_show",
}


class QueueCb(CallbackData, prefix="q1"):
    """A step of the booking flow: action is the step, value the choice (a code, a date
    as YYYYMMDD, a slot start as UTC epoch seconds)."""

    action: QueueAction
    value: str = ""


class TicketCb(CallbackData, prefix="tk1"):
    """Actions on one booking; the handler checks that it belongs to the resident."""

    action: TicketAction
    booking: Id


class RateCb(CallbackData, prefix="rt1"):
    """A rating of 1-5 stars; 0 skips the comment."""

    booking: Id
    stars: Stars


def _day_or_none(value: str) -> str:
    if value and parse_day(value) is None:
        raise ValueError("not a day of ours")
    return value


DayValue = Annotated[str, AfterValidator(_day_or_none)]


class OperatorCb(CallbackData, prefix="op1"):
    """Every operator button names its place; access is checked for that place."""

    action: OperatorAction
    place: str = ""
    day: DayValue = ""
    booking: Id = 0


def day_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def parse_day(value: str | None) -> date | None:
    """YYYYMMDD in ASCII digits, FIRST_DAY..LAST_DAY; else None."""
    text = value or ""
    if len(text) != 8 or ascii_number(text) is None:
        return None
    try:
        day = datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def slot_value(starts_at: datetime) -> str:
    return str(int(starts_at.timestamp()))


def parse_slot(value: str | None) -> datetime | None:
    """A slot start as UTC epoch seconds within FIRST_DAY..LAST_DAY; else None."""
    seconds = ascii_number(value or "", least=_FIRST_SLOT, below=_LAST_SLOT)
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)
