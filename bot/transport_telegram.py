"""The Telegram transport of the outbox sender: renders a Payload for the Bot API and maps
aiogram's errors to the neutral outcomes of bot/transport.py.

A payload with a photo for "telegram" (or a public URL) goes out with sendPhoto, the text as
its caption. Telegram allows 1,024 characters in a caption and 4,096 in a message, so a
longer text is not cut: the photo goes first without a caption, then the full text as a
message carrying the buttons. Should that second call fail, the retry sends both again
(a repeated photo is a smaller harm than a lost text). A photo that is another messenger's
public URL (a Viber picture) that Telegram cannot fetch is left out: the text still goes."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from bot.transport import Blocked, ChannelLimits, Rejected, RetryAfter, Unavailable
from storage.payload import Payload, is_url
from ui.keyboards import inline_markup

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024
_TAG = re.compile(r"<[^<>]*>")


def visible_length(text: str) -> int:
    """Length of an HTML text as Telegram counts it: without tags, entities decoded, in
    UTF-16 code units (an emoji may count twice)."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {getattr(error, 'message', error)}"


@contextmanager
def bot_api_errors() -> Iterator[None]:
    """aiogram's exceptions as the sender's outcomes. Channels that speak through an aiogram
    session of their own (Viber's maps "not subscribed" to 403, "too many requests" to 429)
    use it too. Errors not named here are left to the sender's bounded retries."""
    try:
        yield
    except TelegramRetryAfter as error:
        raise RetryAfter(error.retry_after, _describe(error)) from error
    except TelegramForbiddenError as error:
        raise Blocked(_describe(error)) from error
    except (TelegramBadRequest, TelegramEntityTooLarge, TelegramMigrateToChat, ValueError) as error:
        raise Rejected(_describe(error)) from error
    except TelegramUnauthorizedError as error:
        # A revoked or wrong token stops every message: an outage to fix, not a loss.
        log.error("The messenger refuses the bot token; outbox messages wait until it is fixed")
        raise Unavailable(_describe(error)) from error
    except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as error:
        # ClientDecodeError: a proxy's HTML error page instead of the Bot API's JSON.
        raise Unavailable(_describe(error)) from error


class TelegramTransport:
    """`photo_key`: which of a payload's photos this bot can send (the terminal demo runs
    Telegram's rendering under the channel name "demo")."""

    def __init__(
        self,
        bot: Bot,
        *,
        channel: str = "telegram",
        limits: ChannelLimits | None = None,
        photo_key: str = "telegram",
    ) -> None:
        self.channel = channel
        self.limits = limits or ChannelLimits()
        self._bot = bot
        self._photo_key = photo_key

    async def send(self, chat_id: str, payload: Payload) -> str:
        with bot_api_errors():
            return str(await self._send(chat_id, payload))

    async def _send(self, chat_id: str, payload: Payload) -> int:
        photo = payload.photo_for(self._photo_key)
        if photo is not None and is_url(photo):
            try:
                return await self._send_with(chat_id, payload, photo)
            except TelegramBadRequest as error:
                log.info("A photo URL Telegram could not use was left out: %s", error.message)
                photo = None
        return await self._send_with(chat_id, payload, photo)

    async def _send_with(self, chat_id: str, payload: Payload, photo: str | None) -> int:
        markup = inline_markup(payload)
        if photo is None:
            sent = await self._bot.send_message(chat_id, payload.text, reply_markup=markup)
        elif visible_length(payload.text) <= CAPTION_LIMIT:
            sent = await self._bot.send_photo(
                chat_id, photo, caption=payload.text, reply_markup=markup
            )
        else:
            await self._bot.send_photo(chat_id, photo)
            sent = await self._bot.send_message(chat_id, payload.text, reply_markup=markup)
        return sent.message_id
