"""Update middlewares, outermost first: error guard, flood control, resident + language."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update, User

from storage.residents import ResidentRepository
from storage.roles import RoleService
from ui.i18n import Texts, Translator

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def _chat_id(update: Update) -> int | None:
    if update.message:
        return update.message.chat.id
    if update.callback_query and update.callback_query.message:
        return update.callback_query.message.chat.id
    if update.callback_query:
        return update.callback_query.from_user.id
    return None


# Set while an update is being handled: replies may wait out a short 429, the sender may not.
handling_update: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "handling_update", default=False
)
REPLY_RETRY_MAX_WAIT = 20
REPLY_RETRIES = 2


class ReplyRetryMiddleware(BaseRequestMiddleware):
    """A reply that meets Telegram's 429 waits `retry_after` and is sent again, so the
    resident gets their answer, not an apology. Only inside an update: the outbox sender
    handles 429 itself by pausing as a whole."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        for attempt in range(REPLY_RETRIES + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                too_long = error.retry_after > REPLY_RETRY_MAX_WAIT
                if not handling_update.get() or too_long or attempt == REPLY_RETRIES:
                    raise
                log.warning("Telegram asked to wait %ss before a reply", error.retry_after)
                await asyncio.sleep(error.retry_after)
        raise AssertionError("unreachable")


class ErrorGuardMiddleware(BaseMiddleware):
    """Any exception in a handler is logged with the update id; the resident gets a short
    apology in their language; their FSM state is left as it was. A resident who blocked the
    bot (403) is marked inactive instead."""

    def __init__(self, texts: Texts, residents: ResidentRepository) -> None:
        self._texts = texts
        self._residents = residents

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        token = handling_update.set(True)
        try:
            return await handler(event, data)
        except TelegramForbiddenError:
            resident = data.get("resident")
            channel = str(data.get("channel", "telegram"))
            if resident is not None:
                await self._residents.set_active(resident.id, False, channel=channel)
            log.info("Resident blocked the bot; marked inactive on %s", channel)
            return None
        except Exception:
            update = event if isinstance(event, Update) else data.get("event_update")
            update_id = update.update_id if isinstance(update, Update) else None
            log.exception("Handler failed on update %s", update_id)
            if isinstance(update, Update):
                await self._apologise(update, data)
            return None
        finally:
            handling_update.reset(token)

    async def _apologise(self, update: Update, data: dict[str, Any]) -> None:
        t: Translator = data.get("t") or self._texts.get(None)
        bot: Bot | None = data.get("bot")
        chat_id = _chat_id(update)
        if bot is None or chat_id is None:
            return
        try:
            if update.callback_query:
                await bot.answer_callback_query(update.callback_query.id)
            await bot.send_message(chat_id, t("error-apology"))
        except Exception:
            log.exception("Could not apologise for update %s", update.update_id)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class FloodControlMiddleware(BaseMiddleware):
    """A token bucket per user: `burst` updates at once, then one every `interval` seconds.
    Updates over the limit are dropped; the resident is told once per flood."""

    def __init__(self, texts: Texts, burst: int, interval: float, max_users: int = 50_000) -> None:
        self._texts = texts
        self._burst = burst
        self._interval = interval
        self._max_users = max_users
        self._buckets: dict[int, _Bucket] = {}
        self.clock: Callable[[], float] = time.monotonic

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        # The offline demo's only user sits at the machine: nothing to protect against.
        if user is None or data.get("channel") == "demo" or self._allow(user.id):
            return await handler(event, data)
        bucket = self._buckets[user.id]
        if not bucket.warned and isinstance(event, Update):
            bucket.warned = True
            t = self._texts.get(self._texts.pick_language(None, user.language_code))
            chat_id = _chat_id(event)
            bot: Bot | None = data.get("bot")
            if bot is not None and chat_id is not None:
                await bot.send_message(chat_id, t("error-flood"))
        log.info("Flood control dropped update from user %s", user.id)
        return None

    def _allow(self, user_id: int) -> bool:
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= self._max_users:
                self._forget_idle(now)
            bucket = self._buckets[user_id] = _Bucket(tokens=float(self._burst), updated=now)
        refill = (now - bucket.updated) / self._interval
        bucket.tokens = min(float(self._burst), bucket.tokens + refill)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True
        return False

    def _forget_idle(self, now: float) -> None:
        full_after = self._burst * self._interval
        for user_id in [u for u, b in self._buckets.items() if now - b.updated > full_after]:
            del self._buckets[user_id]


class ResidentMiddleware(BaseMiddleware):
    """Finds or creates the resident behind the update and picks their language.
    Handlers receive `resident` and `t` (texts in their language). A Telegram id listed
    among the administrators in settings gets the role the first time it is met."""

    def __init__(
        self,
        residents: ResidentRepository,
        texts: Texts,
        roles: RoleService,
        admin_ids: set[int],
    ) -> None:
        self._residents = residents
        self._texts = texts
        self._roles = roles
        self._admin_ids = admin_ids

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return await handler(event, data)
        channel = str(data.get("channel", "telegram"))
        chat = data.get("event_chat")
        chat_id = str(chat.id if chat is not None else user.id)
        # A channel whose user ids are not numbers (Viber) passes its own id along.
        external_id = str(data.get("external_user_id") or user.id)
        resident = await self._residents.get_or_create(channel, external_id, chat_id)
        language = self._texts.pick_language(resident.language, user.language_code)
        data["resident"] = resident
        data["channel"] = channel  # handlers that act on the channel receive it by name
        data["t"] = self._texts.get(language)
        if channel == "telegram" and user.id in self._admin_ids:
            await self._roles.ensure_settings_administrator(resident.id)  # in memory once met
        # Handlers that must show some flow's step again pass this on to its prompt.
        data["ctx"] = data
        return await handler(event, data)
