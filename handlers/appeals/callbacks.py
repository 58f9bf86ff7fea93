"""Button data of the appeals and reports flows. Each prefix carries a version; actions are
enums and ids bounded, so forged data fails into the stale-button answer. Every officer
button names its appeal or report, and the handler checks the officer's scope for it."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from storage.appeals.model import InboxView
from ui.callbacks import Id


class AppealAction(StrEnum):
    START = "start"
    CONSENT = "consent"
    RESUME = "resume"
    RESTART = "restart"
    KIND = "kind"
    TOPIC = "topic"
    MEDIA_DONE = "media"
    EMAIL = "email"
    SEND = "send"
    CHANGE_CONTACT = "contact"
    LEAVE = "leave"
    MINE = "mine"
    SHOW = "show"
    REPLY = "reply"
    PRIORITY = "priority"  # the summary's «state a status for priority consideration»
    PRIORITY_SET = "prio-set"  # value: a PriorityCategory, or "" for none
    DROP_PRIORITY = "prio-drop"  # value: the resident's own appeal id


class ReportAction(StrEnum):
    START = "start"
    RESUME = "resume"
    RESTART = "restart"
    CATEGORY = "category"
    SKIP_PHOTO = "nophoto"
    JOIN = "join"
    NOT_SAME = "other"
    SEND = "send"
    SEND_ANONYMOUS = "anon"
    LEAVE = "leave"
    FIXED = "fixed"
    NOT_FIXED = "notfixed"


class OfficerAction(StrEnum):
    INBOX = "inbox"
    CARD = "card"
    TAKE = "take"
    ASK = "ask"
    EXTEND = "extend"
    EXTEND_TO = "extend-to"
    NO_STUDY = "nostudy"  # ask to confirm «не потребує додаткового вивчення»
    NO_STUDY_YES = "nostudy-yes"
    ANSWER = "answer"


class DeskAction(StrEnum):
    LIST = "list"
    CARD = "card"
    MAP = "map"
    MOVE = "move"


class AppealCb(CallbackData, prefix="ap1"):
    action: AppealAction
    value: str = ""


class ReportCb(CallbackData, prefix="rp1"):
    action: ReportAction
    value: str = ""


class OfficerCb(CallbackData, prefix="ao1"):
    action: OfficerAction
    appeal: Id = 0
    value: str = ""


class InboxCb(CallbackData, prefix="ai1"):
    """A page of the officer's inbox under one status filter; the scope is never in the
    data: it always comes from the officer's roles."""

    view: InboxView = InboxView.OPEN
    page: Id = 0


class DeskCb(CallbackData, prefix="rd1"):
    action: DeskAction
    report: Id = 0
    value: str = ""
