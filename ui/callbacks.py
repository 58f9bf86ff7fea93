"""Callback data factories. Each prefix carries a version: bump it when the fields change,
so buttons from old messages fail cleanly instead of being misread. Actions are enums and
numbers are bounded, so forged data fails to unpack and lands in the stale-button answer
instead of reaching a service."""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Annotated, Any

from aiogram.filters.callback_data import CallbackData
from pydantic import BeforeValidator, Field

from ui.arguments import NUMBER_LIMIT, ascii_number


def _digits_only(value: Any) -> Any:
    """Packed data is ASCII digits: '+5', ' 5', '5.0' and '1_000' are not numbers of ours."""
    if isinstance(value, str):
        number = ascii_number(value)
        if number is None:
            raise ValueError("not a number of ours")
        return number
    return value


# Row ids and page numbers: SQLite integers are 64-bit; nothing of ours comes near 2^53.
Id = Annotated[int, BeforeValidator(_digits_only), Field(ge=0, lt=NUMBER_LIMIT)]
Stars = Annotated[int, BeforeValidator(_digits_only), Field(ge=0, le=5)]


@functools.lru_cache(maxsize=4096)
def packed(kind: type[CallbackData], **values: Any) -> str:
    """`kind(**values).pack()`, packed once for the same values: menus and their buttons
    are built on nearly every update."""
    return kind(**values).pack()


class MenuScreen(StrEnum):
    ROOT = "root"
    SERVICES = "services"
    POWER = "power"
    COMMUNITY = "community"
    LANGUAGE = "language"
    MYDATA = "mydata"
    CONTACTS = "contacts"
    DISTRICT = "district"


class MyDataAction(StrEnum):
    DELETE = "delete"
    DELETE_YES = "delete-yes"
    WITHDRAW = "withdraw"
    WITHDRAW_YES = "withdraw-yes"
    CONSENT = "consent"
    AGREE = "agree"
    EDIT_NAME = "edit-name"
    EDIT_PHONE = "edit-phone"
    EDIT_BACK = "edit-back"


class ConsentCb(CallbackData, prefix="cns1"):
    agree: bool


class LanguageCb(CallbackData, prefix="lng1"):
    code: str


class SettlementCb(CallbackData, prefix="stl1"):
    id: Id


class SettlementPageCb(CallbackData, prefix="stp1"):
    page: Id


class MenuCb(CallbackData, prefix="mnu1"):
    screen: MenuScreen


class MyDataCb(CallbackData, prefix="myd1"):
    action: MyDataAction
