"""One way to show a screen, whether the resident typed a message or pressed a button."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from storage.payload import Payload
from ui.i18n import clip_html
from ui.keyboards import to_payload_buttons
from ui.memo import BoundedMemo

log = logging.getLogger(__name__)

TELEGRAM_TEXT_LIMIT = 4096

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


@dataclass(slots=True)
class Screen:
    text: str
    buttons: list[list[InlineKeyboardButton]] = field(default_factory=list)

    @property
    def markup(self) -> InlineKeyboardMarkup | None:
        return _markup_of(self.buttons) if self.buttons else None

    def copy(self) -> Screen:
        """A screen of its own to change (the buttons are frozen and shared)."""
        return Screen(self.text, [list(row) for row in self.buttons])

    def payload(self) -> Payload:
        """The same screen as a channel-neutral message for the outbox."""
        return Payload(clip(self.text), to_payload_buttons(self.buttons))


# Keyboards by the buttons in them: most screens show the same few keyboards again and again,
# and aiogram's buttons are frozen (ui.keyboards.button hands out the same ones), so one
# markup serves every send. A cached markup holds its buttons, so their ids stay theirs.
_MARKUPS: BoundedMemo[tuple[tuple[int, ...], ...], InlineKeyboardMarkup] = BoundedMemo(2048)


def _markup_of(buttons: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    key = tuple(tuple(map(id, row)) for row in buttons)
    # pydantic copies the rows, so a screen changing its list later changes nothing here
    return _MARKUPS.get(key, lambda: InlineKeyboardMarkup(inline_keyboard=buttons))


def escape(value: str | None) -> str:
    """Everything a resident typed is escaped before it is put into an HTML message."""
    return html.escape(value or "", quote=False)


def clip(text: str) -> str:
    """A message within Telegram's limit, cut where the HTML stays valid."""
    return clip_html(text, TELEGRAM_TEXT_LIMIT)


async def show(event: Message | CallbackQuery, screen: Screen, *, edit: bool = True) -> None:
    """Edit the message under a pressed button, or send a new message."""
    text = clip(screen.text)
    if isinstance(event, CallbackQuery):
        message = event.message
        if edit and isinstance(message, Message) and message.text is not None:
            try:
                await message.edit_text(text, reply_markup=screen.markup)
                return
            except TelegramBadRequest as error:
                if "not modified" in error.message:
                    return
                log.info("Could not edit message, sending a new one: %s", error.message)
        await event.bot.send_message(event.from_user.id, text, reply_markup=screen.markup)  # type: ignore[union-attr]
        return
    await event.answer(text, reply_markup=screen.markup)


async def say(event: Message | CallbackQuery, text: str, reply_markup: Markup = None) -> None:
    """Send a new message to the resident, whatever the event."""
    if isinstance(event, CallbackQuery):
        await event.bot.send_message(event.from_user.id, clip(text), reply_markup=reply_markup)  # type: ignore[union-attr]
    else:
        await event.answer(clip(text), reply_markup=reply_markup)


async def send_photo(event: Message | CallbackQuery, photo: str, caption: str = "") -> None:
    """A photo, whichever messenger it came from: each channel shows what it can (Telegram
    takes a Viber picture by its URL; Viber gets a Telegram photo at a signed link, or the
    caption alone). A photo the messenger refuses is left out, not an error."""
    bot = event.bot
    if bot is None:
        return
    try:
        await bot.send_photo(event.from_user.id, photo, caption=caption or None)  # type: ignore[union-attr]
    except TelegramBadRequest as error:
        log.info("A photo could not be shown: %s", error.message)
