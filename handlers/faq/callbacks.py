"""The FAQ's button data. Each prefix carries a version: bump it when the packed format
changes, so buttons of old messages fail cleanly into the stale-button answer. Actions are
enums, codes match the community file's code pattern and pages are bounded, so forged data
never reaches a handler. The longest packed value stays well within Telegram's 64 bytes."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# An entry or category code as the community file allows it (storage.schema.CODE_PATTERN),
# or nothing for the screens that need none.
Code = Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9-]{0,30})?$")]
Page = Annotated[int, Field(ge=0, le=99)]


class FaqAction(StrEnum):
    CATEGORIES = "cats"
    CATEGORY = "cat"
    ENTRY = "entry"


class StatsView(StrEnum):
    MISSES = "misses"
    UNHELPFUL = "unhelpful"


class FaqCb(CallbackData, prefix="faq1"):
    """Browsing: the category list, one category's page, or an entry (`page` is the page of
    its category to go back to)."""

    action: FaqAction
    code: Code = ""
    page: Page = 0


class FeedbackCb(CallbackData, prefix="faqf1"):
    """«Чи допомогла відповідь?» for one entry."""

    entry: Code
    helpful: bool


class FaqStatsCb(CallbackData, prefix="faqs1"):
    """A page of the officials' FAQ statistics."""

    view: StatsView
    page: Page = 0
