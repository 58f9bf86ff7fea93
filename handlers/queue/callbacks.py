"""The e-queue's button data. Each prefix carries a version: bump it when the packed format
changes, so buttons of old messages fail cleanly into the stale-button answer. Actions are
enums and ids bounded, so forged data never reaches a handler. The packed format is the one
buttons already sent (reminders, closure notices, rating requests) carry."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from storage.queue.models import MarkStatus, ReminderKind
from ui.callbacks import Id, Stars


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


class OperatorCb(CallbackData, prefix="op1"):
    """Every operator button names its place; access is checked for that place."""

    action: OperatorAction
    place: str = ""
    day: str = ""
    booking: Id = 0


def day_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def parse_day(value: str | None) -> date | None:
    try:
        return datetime.strptime(value or "", "%Y%m%d").date()
    except ValueError:
        return None


def slot_value(starts_at: datetime) -> str:
    return str(int(starts_at.timestamp()))


def parse_slot(value: str | None) -> datetime | None:
    if not value or not value.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):  # a forged number beyond any calendar
        return None
