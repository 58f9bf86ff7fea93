"""`ViberSession`: an aiogram session that carries out the Bot API calls handlers make on
Viber, so the handlers written for Telegram serve Viber residents unchanged.

A sent message comes back as an aiogram Message with a synthetic, per-chat increasing id;
an edit (Viber has none) is sent as a new message; a callback answer with a text becomes a
short message. Viber's "not subscribed" raises TelegramForbiddenError and "too many
requests" TelegramRetryAfter, so ErrorGuardMiddleware, ReplyRetryMiddleware and the outbox
sender treat Viber exactly like Telegram.

Viber lets a bot write to a user who has not subscribed yet only once: in the answer to the
`conversation_started` callback. While that callback is handled (`capture_welcome`), what
the handlers send is collected instead of sent, and merged into that one welcome message.

What the bot sends on its own outside the user's 24-hour session costs money
(storage/costs.py): an outbox message goes only when the resident opted into its topic and
the month's cap has room, and is charged once per outbox row; anything else is counted
against the cap. A photo that is a Telegram file id is shown through a signed link
(bot/channels/media), or left out when there is none: the text still goes."""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.channels.viber import render
from bot.channels.viber.client import (
    ViberAccountError,
    ViberApi,
    ViberApiError,
    ViberNetworkError,
    ViberReceiverUnavailableError,
    ViberTooManyRequestsError,
)
from bot.channels.viber.costs import (
    PaidGate,
    PhotoSource,
    url_of,
    viewable,
)
from bot.channels.viber.ids import ViberUser, ViberUsers
from bot.channels.viber.state import ChatState, ChatStore
from storage.costs import PaidMessages
from storage.payload import Payload
from storage.timeutil import Clock, utcnow

log = logging.getLogger(__name__)

# aiogram needs a bot id and a token of Telegram's shape; FSM keys carry the bot id, so Viber
# chats never share state with Telegram chats of the same number.
VIBER_BOT_ID = 7
VIBER_BOT_TOKEN = f"{VIBER_BOT_ID}:viber-channel-no-telegram-token"
# Viber's "too many requests" says nothing about how long to wait.
RETRY_AFTER = 3

Params = dict[str, Any]


@dataclass
class Welcome:
    viber_id: str
    messages: list[dict[str, Any]] = field(default_factory=list)

    def body(self) -> dict[str, Any] | None:
        """Everything handlers sent, as the one message Viber allows: texts joined, with the
        keyboard of the last one."""
        if not self.messages:
            return None
        merged = dict(self.messages[-1])
        texts = [str(m["text"]) for m in self.messages if m.get("type") == "text" and m["text"]]
        if merged.get("type") == "text" and texts:
            merged["text"] = render.split_text("\n\n".join(texts))[0]
        return merged


_welcome: contextvars.ContextVar[Welcome | None] = contextvars.ContextVar("welcome", default=None)


class ViberSession(BaseSession):
    def __init__(
        self,
        api: ViberApi,
        users: ViberUsers,
        chats: ChatStore,
        costs: PaidMessages,
        *,
        sender: dict[str, str],
        monthly_cap: int,
        clock: Clock = utcnow,
        photos: PhotoSource | None = None,
    ) -> None:
        super().__init__()
        self.viber = api
        self.users = users
        self.chats = chats
        self.gate = PaidGate(costs, monthly_cap, clock)
        self.photos = photos
        self.sender = sender
        self.clock = clock
        self._methods: dict[str, Callable[[Bot, TelegramMethod[Any], Params], Awaitable[Any]]] = {
            "sendMessage": self._send_message,
            "editMessageText": self._send_message,
            "editMessageReplyMarkup": self._edit_markup,
            "answerCallbackQuery": self._answer_callback,
            "sendPhoto": self._send_photo,
            "sendLocation": self._send_location,
            "getMe": self._get_me,
            "getMyCommands": _constant([]),
        }
        for name in ("deleteMessage", "setMyCommands", "deleteMyCommands", "sendChatAction"):
            self._methods[name] = _constant(True)
        for name in ("setWebhook", "deleteWebhook", "close"):
            self._methods[name] = _constant(True)

    def __repr__(self) -> str:
        return f"ViberSession(viber={self.viber!r})"

    @contextlib.contextmanager
    def capture_welcome(self, viber_id: str) -> Iterator[Welcome]:
        welcome = Welcome(viber_id)
        token = _welcome.set(welcome)
        try:
            yield welcome
        finally:
            _welcome.reset(token)

    # --- aiogram's entry point ----------------------------------------------------------------

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        files: dict[str, Any] = {}
        params = {
            key: prepared
            for key, value in method.model_dump(warnings=False).items()
            if (prepared := self.prepare_value(value, bot=bot, files=files, _dumps_json=False))
            is not None
        }
        handler = self._methods.get(method.__api_method__)
        if handler is None:
            raise TelegramBadRequest(method, f"{method.__api_method__} is not available on Viber")
        result = await handler(bot, method, params)
        response = self.check_response(bot, method, 200, json.dumps({"ok": True, "result": result}))
        return cast(TelegramType, response.result)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def close(self) -> None:
        await self.viber.close()

    # --- the outbox's way in ------------------------------------------------------------------

    async def send_payload(self, bot: Bot, chat_id: int | str, payload: Payload) -> int:
        """Send a channel-neutral outbox message; returns its synthetic message id."""
        method = SendMessage(chat_id=chat_id, text=payload.text)
        user, state = await self._chat(method, chat_id)
        payload = await viewable(payload, self.photos)
        messages = render.render_payload(payload, self.sender, state)
        charged = await self.gate.admit(method, user, len(messages), payload.outbox_id)
        try:
            await self._deliver(method, user, messages, admitted=True)
        except (TelegramForbiddenError, TelegramBadRequest):
            if charged:
                await self.gate.refund(payload.outbox_id)
            raise
        markup = _inline_markup(payload)
        message = self._message(bot, user, state, payload.text, markup)
        if markup is not None:
            state.keyboard_message = message
        await self.chats.save(user.id, state)
        return int(message["message_id"])

    # --- methods ------------------------------------------------------------------------------

    async def _send_message(self, bot: Bot, method: TelegramMethod[Any], params: Params) -> Any:
        user, state = await self._chat(method, params.get("chat_id"))
        markup = params.get("reply_markup")
        inline = markup if markup and "inline_keyboard" in markup else None
        edited = params.get("message_id")
        if inline is not None:
            render.set_inline(state, render.inline_buttons(inline))
        elif edited is not None and _carries_keyboard(state, edited):
            state.retire_keyboard()  # the edit took the buttons away
        else:
            state.apply_reply_markup(markup)
        text = str(params.get("text", ""))
        viber_text = _to_viber(text, params)
        await self._deliver(method, user, render.text_messages(viber_text, self.sender, state))
        return await self._sent(bot, user, state, text, inline)

    async def _edit_markup(self, bot: Bot, method: TelegramMethod[Any], params: Params) -> Any:
        """Viber cannot change a sent keyboard: new buttons come with the message's text
        sent again; buttons taken away simply stop working."""
        user, state = await self._chat(method, params.get("chat_id"))
        markup = params.get("reply_markup")
        current = state.keyboard_message
        if not _carries_keyboard(state, params.get("message_id")) or current is None:
            return True
        if not markup or "inline_keyboard" not in markup:
            state.retire_keyboard()
            await self.chats.save(user.id, state)
            return True
        text = str(current.get("text", ""))
        render.set_inline(state, render.inline_buttons(markup))
        viber_text = render.html_to_viber(text)
        await self._deliver(method, user, render.text_messages(viber_text, self.sender, state))
        return await self._sent(bot, user, state, text, markup)

    async def _answer_callback(self, bot: Bot, method: TelegramMethod[Any], params: Params) -> Any:
        text = params.get("text")
        if not text:
            return True  # a bare answer only stops Telegram's spinner
        chat_id, _, _ = str(params.get("callback_query_id", "")).partition(":")
        user, state = await self._chat(method, chat_id)
        messages = render.text_messages(render.plain_to_viber(str(text)), self.sender, state)
        await self._deliver(method, user, messages)
        await self.chats.save(user.id, state)
        return True

    async def _send_photo(self, bot: Bot, method: TelegramMethod[Any], params: Params) -> Any:
        photo = params.get("photo")
        if not isinstance(photo, str) or photo.startswith("attach://"):
            raise TelegramBadRequest(method, "Viber sends pictures by URL only")
        user, state = await self._chat(method, params.get("chat_id"))
        state.apply_reply_markup(params.get("reply_markup"))
        caption = _to_viber(str(params.get("caption") or ""), params)
        url = await url_of(photo, self.photos)
        if url is not None:
            messages = render.picture_messages(url, caption, self.sender, state)
        else:  # not viewable here: the caption alone, as if the photo had none
            messages = render.text_messages(caption, self.sender, state) if caption else []
        await self._deliver(method, user, messages)
        message = await self._sent(bot, user, state, None, None)
        message["photo"] = [
            {"file_id": photo, "file_unique_id": photo[-32:], "width": 0, "height": 0}
        ]
        return message

    async def _send_location(self, bot: Bot, method: TelegramMethod[Any], params: Params) -> Any:
        user, state = await self._chat(method, params.get("chat_id"))
        state.apply_reply_markup(params.get("reply_markup"))
        latitude, longitude = float(params["latitude"]), float(params["longitude"])
        messages = render.location_messages(latitude, longitude, self.sender, state)
        await self._deliver(method, user, messages)
        message = await self._sent(bot, user, state, None, None)
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return message

    async def _get_me(self, bot: Bot, _method: TelegramMethod[Any], _params: Params) -> Any:
        return {"id": bot.id, "is_bot": True, "first_name": self.sender["name"]}

    # --- helpers ------------------------------------------------------------------------------

    async def _chat(self, method: TelegramMethod[Any], chat_id: Any) -> tuple[ViberUser, ChatState]:
        """The Viber user behind a chat id: the internal number, or a Viber id itself."""
        text = str(chat_id or "")
        user = await (
            self.users.by_id(int(text)) if text.isdigit() else self.users.by_viber_id(text)
        )
        if user is None:
            raise TelegramBadRequest(method, "Bad Request: chat not found")
        return user, await self.chats.load(user.id)

    async def _sent(
        self,
        bot: Bot,
        user: ViberUser,
        state: ChatState,
        text: str | None,
        inline: dict[str, Any] | None,
    ) -> dict[str, Any]:
        message = self._message(bot, user, state, text, inline)
        if inline is not None:
            state.keyboard_message = message
        await self.chats.save(user.id, state)
        return dict(message)

    def _message(
        self,
        bot: Bot,
        user: ViberUser,
        state: ChatState,
        text: str | None,
        inline: dict[str, Any] | None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": state.new_message_id(),
            "date": int(time.time()),
            "chat": {"id": user.id, "type": "private", "first_name": user.name or "Viber"},
            "from": {"id": bot.id, "is_bot": True, "first_name": self.sender["name"]},
        }
        if text is not None:
            message["text"] = text
        if inline is not None:
            message["reply_markup"] = inline
        return message

    async def _deliver(
        self,
        method: TelegramMethod[Any],
        user: ViberUser,
        messages: list[dict[str, Any]],
        *,
        admitted: bool = False,
    ) -> None:
        welcome = _welcome.get()
        if welcome is not None and welcome.viber_id == user.viber_id:
            welcome.messages.extend(messages)
            return
        if not admitted:
            await self.gate.admit(method, user, len(messages), None)
        for message in messages:
            try:
                await self.viber.send_message({"receiver": user.viber_id, **message})
            except ViberReceiverUnavailableError as error:
                await self.users.set_subscribed(user.viber_id, False)
                raise TelegramForbiddenError(method, f"Forbidden: {error.status_message}") from None
            except ViberTooManyRequestsError as error:
                raise TelegramRetryAfter(method, error.status_message, RETRY_AFTER) from None
            except ViberAccountError as error:
                raise TelegramUnauthorizedError(method, str(error)) from None
            except ViberApiError as error:
                raise TelegramBadRequest(method, str(error)) from None
            except ViberNetworkError as error:
                raise TelegramNetworkError(method, str(error)) from None


def _constant(value: Any) -> Callable[[Bot, TelegramMethod[Any], Params], Awaitable[Any]]:
    async def answer(_bot: Bot, _method: TelegramMethod[Any], _params: Params) -> Any:
        return value

    return answer


def _to_viber(text: str, params: Params) -> str:
    mode = params.get("parse_mode")
    if str(getattr(mode, "value", mode) or "").upper() == "HTML":
        return render.html_to_viber(text)
    return render.plain_to_viber(text)


def _carries_keyboard(state: ChatState, message_id: Any) -> bool:
    current = state.keyboard_message
    return current is not None and current.get("message_id") == message_id


def _inline_markup(payload: Payload) -> dict[str, Any] | None:
    if not payload.buttons:
        return None
    rows = [
        [
            {"text": b.text, "url": b.url}
            if b.url is not None
            else {"text": b.text, "callback_data": b.callback_data}
            for b in row
        ]
        for row in payload.buttons
    ]
    return {"inline_keyboard": rows}
