"""The petition flow's callback data: versioned prefixes, enum actions, bounded ids. Forged
or outdated data fails to unpack and lands in the stale-button answer."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from storage.petitions.model import Sort, Tab
from ui.callbacks import Id


class PetitionAction(StrEnum):
    OPEN = "open"
    SIGN = "sign"
    CONSENT = "consent"
    SIGN_YES = "sign-yes"
    WITHDRAW = "withdraw"
    WITHDRAW_YES = "withdraw-yes"
    SIGNERS = "signers"
    SHARE = "share"


class DraftAction(StrEnum):
    START = "start"
    CONSENT = "consent"
    CONTINUE = "continue"
    RESTART = "restart"
    BODY_DONE = "body-done"
    BODY_RESET = "body-reset"
    KEEP_NAME = "keep-name"
    KEEP_EMAIL = "keep-email"
    PREVIEW = "preview"
    EDIT_TITLE = "edit-title"
    EDIT_BODY = "edit-body"
    EDIT_NAME = "edit-name"
    EDIT_EMAIL = "edit-email"
    SUBMIT = "submit"
    DISCARD = "discard"
    DISCARD_YES = "discard-yes"


class ModAction(StrEnum):
    QUEUE = "queue"
    AWAITING = "awaiting"
    OPEN = "open"
    APPROVE = "approve"
    APPROVE_YES = "approve-yes"
    REFUSE = "refuse"
    ANSWER = "answer"
    SUPPORTED = "supported"
    REJECTED = "rejected"


class PetitionListCb(CallbackData, prefix="pl1"):
    tab: Tab
    sort: Sort = Sort.NEWEST
    page: Id = 0


class PetitionCb(CallbackData, prefix="pt1"):
    """One petition; `page` is the page of its text or of its signatories, `tab` the list
    to go back to."""

    action: PetitionAction
    id: Id
    page: Id = 0
    tab: Tab = Tab.COLLECTING


class DraftCb(CallbackData, prefix="pd1"):
    action: DraftAction
    page: Id = 0


class ModerationCb(CallbackData, prefix="pm1"):
    action: ModAction
    id: Id = 0
    page: Id = 0
