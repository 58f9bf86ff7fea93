"""Callback data factories. Each prefix carries a version: bump it when the fields change,
so buttons from old messages fail cleanly instead of being misread."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ConsentCb(CallbackData, prefix="cns1"):
    agree: bool


class LanguageCb(CallbackData, prefix="lng1"):
    code: str


class SettlementCb(CallbackData, prefix="stl1"):
    id: int


class SettlementPageCb(CallbackData, prefix="stp1"):
    page: int


class MenuCb(CallbackData, prefix="mnu1"):
    screen: str


class MyDataCb(CallbackData, prefix="myd1"):
    action: str


class QueueCb(CallbackData, prefix="q1"):
    """A step of the booking flow: action is the step, value the choice (a code, a date
    as YYYYMMDD, a slot start as UTC epoch seconds)."""

    action: str
    value: str = ""


class TicketCb(CallbackData, prefix="tk1"):
    """Actions on one booking; the handler checks that it belongs to the resident."""

    action: str
    booking: int


class RateCb(CallbackData, prefix="rt1"):
    booking: int
    stars: int


class OperatorCb(CallbackData, prefix="op1"):
    action: str
    place: str = ""
    day: str = ""
    booking: int = 0
