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
