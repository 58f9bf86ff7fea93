"""Keyboard builders shared by the flows, and the bridge between Telegram keyboards and the
channel-neutral outbox payload."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from storage.payload import Payload, PayloadButton
from ui.i18n import Translator

Rows = list[list[InlineKeyboardButton]]


@functools.lru_cache(maxsize=4096)
def button(text: str, callback_data: str) -> InlineKeyboardButton:
    """A button; the same text and data give the same (never changed) object, so a screen's
    buttons are not validated again on every update."""
    return InlineKeyboardButton(text=text, callback_data=callback_data)


def url_button(text: str, url: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, url=url)


def rows(buttons: Sequence[InlineKeyboardButton], width: int) -> Rows:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def yes_no(yes: str, yes_data: str, no: str, no_data: str, *, stacked: bool = False) -> Rows:
    pair = [button(yes, yes_data), button(no, no_data)]
    return [[b] for b in pair] if stacked else [pair]


def back_row(t: Translator, callback_data: str) -> list[InlineKeyboardButton]:
    return [button(t("btn-back"), callback_data)]


def pager_row(
    t: Translator, page: int, pages: int, data_for: dict[int, str]
) -> list[InlineKeyboardButton]:
    """«‹ Назад» / «Далі ›» for a paged list; `data_for` maps a page to its callback data."""
    nav = []
    if page > 0 and page - 1 in data_for:
        nav.append(button(t("btn-prev"), data_for[page - 1]))
    if page < pages - 1 and page + 1 in data_for:
        nav.append(button(t("btn-next"), data_for[page + 1]))
    return nav


def main_reply_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """A persistent «Menu» button, so a resident can always find the way back."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("kb-menu"))]],
        resize_keyboard=True,
        is_persistent=True,
    )


def menu_keyboard_id(t: Translator) -> str:
    """How the «Menu» keyboard of this language is remembered (a language change shows the
    button under a new label, so it must be sent again)."""
    return f"menu:{t.language}"


CONTACT_KEYBOARD_ID = "contact"


def share_phone_keyboard(t: Translator, *others: str) -> ReplyKeyboardMarkup:
    """The messenger's own «share my number» button, then `others` in one row (back,
    cancel), then «Menu»: the only way the bot takes a phone number, so it is the resident's."""
    keyboard = [[KeyboardButton(text=t("queue-share-phone"), request_contact=True)]]
    if others:
        keyboard.append([KeyboardButton(text=text) for text in others])
    keyboard.append([KeyboardButton(text=t("kb-menu"))])
    return ReplyKeyboardMarkup(keyboard=keyboard, resize_keyboard=True, one_time_keyboard=True)


def to_payload_buttons(keyboard: Rows) -> tuple[tuple[PayloadButton, ...], ...]:
    return tuple(
        tuple(PayloadButton(b.text, callback_data=b.callback_data, url=b.url) for b in row)
        for row in keyboard
    )


def inline_markup(payload: Payload) -> InlineKeyboardMarkup | None:
    """The Telegram keyboard of an outbox payload."""
    if not payload.buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.text, callback_data=b.callback_data, url=b.url) for b in r]
            for r in payload.buttons
        ]
    )
