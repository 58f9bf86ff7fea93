"""Viber's callbacks as aiogram Updates for the one Dispatcher.

* `message`: text becomes a Message, except a token of the chat's current keyboard, which
  becomes a `callback_query` carrying that button's data and, as `message`, the bot message
  that carried the keyboard (so `query.message.edit_text` works). A token of an older
  keyboard becomes a callback query with data nobody handles: the fallback answers it as a
  stale button instead of taking it for typed text. The URL an open-url button sends back
  is dropped. A contact counts as the resident's own (`user_id` = theirs) when it came while
  the bot was asking for the phone, since share-phone only ever shares the user's own
  number. Location, picture (file_id = the media URL), sticker, file and video map to the
  matching Message fields; anything else is an empty message the fallback calls unsupported.
* `conversation_started` becomes `/start` (with Viber's `context` as the deep-link argument,
  e.g. `s-<settlement>` from a QR poster); `subscribed`/`unsubscribed` change the user's
  flag and produce no update; `webhook`, `delivered`, `seen` and `failed` are ignored."""

from __future__ import annotations

import hashlib
import itertools
import logging
import time
from dataclasses import dataclass
from typing import Any

from aiogram.types import Update

from bot.channels.viber.ids import ViberUser, ViberUsers
from bot.channels.viber.state import TOKEN_PATTERN, ChatState, ChatStore

log = logging.getLogger(__name__)

STALE_BUTTON_DATA = "viber:stale"
IGNORED_EVENTS = frozenset({"webhook", "delivered", "seen", "failed"})


@dataclass(frozen=True, slots=True)
class Incoming:
    """What one callback means: an update to handle (for `viber_id`), a subscription
    change, or nothing. `welcome` is set for conversation_started."""

    event: str
    viber_id: str | None = None
    update: Update | None = None
    welcome: bool = False
    subscribed: bool | None = None


class UpdateTranslator:
    def __init__(self, users: ViberUsers, chats: ChatStore) -> None:
        self.users = users
        self.chats = chats
        self._update_ids = itertools.count(int(time.time() * 1000) % 10**12)

    async def translate(self, event: dict[str, Any]) -> Incoming:
        kind = str(event.get("event", ""))
        if kind == "message":
            return await self._message(event)
        if kind == "conversation_started":
            return await self._conversation_started(event)
        if kind == "subscribed":
            profile = event.get("user") or {}
            user = await self._user(profile)
            await self.users.set_subscribed(user.viber_id, True)
            return Incoming(kind, user.viber_id, subscribed=True)
        if kind == "unsubscribed":
            viber_id = str(event.get("user_id", ""))
            await self.users.set_subscribed(viber_id, False)
            return Incoming(kind, viber_id, subscribed=False)
        if kind not in IGNORED_EVENTS:
            log.info("Unknown Viber event %r ignored", kind)
        else:
            log.debug("Viber %s event ignored", kind)
        return Incoming(kind)

    # --- events -------------------------------------------------------------------------------

    async def _user(self, profile: dict[str, Any]) -> ViberUser:
        language = str(profile.get("language") or "").split("-")[0].lower() or None
        return await self.users.ensure(
            str(profile["id"]), name=profile.get("name") or None, language=language
        )

    async def _conversation_started(self, event: dict[str, Any]) -> Incoming:
        user = await self._user(event.get("user") or {})
        if event.get("subscribed"):
            await self.users.set_subscribed(user.viber_id, True)
        state = await self.chats.load(user.id)
        context = str(event.get("context") or "").strip()
        text = f"/start {context}" if context else "/start"
        message = self._base(user, state) | _text(text)
        await self.chats.save(user.id, state)
        update = self._update(message=message)
        return Incoming("conversation_started", user.viber_id, update, welcome=True)

    async def _message(self, event: dict[str, Any]) -> Incoming:
        user = await self._user(event.get("sender") or {})
        await self.users.wrote(user.id)
        state = await self.chats.load(user.id)
        body = event.get("message") or {}
        try:
            update = self._from_body(user, state, body)
        finally:
            await self.chats.save(user.id, state)
        return Incoming("message", user.viber_id, update)

    def _from_body(self, user: ViberUser, state: ChatState, body: dict[str, Any]) -> Update | None:
        kind = body.get("type")
        text = str(body.get("text") or "")
        if kind == "text" and text in state.tokens:
            return self._press(user, state, state.tokens[text])
        if kind == "text" and TOKEN_PATTERN.match(text):
            return self._press(user, state, STALE_BUTTON_DATA)
        if kind in {"text", "url"} and (text in state.urls or body.get("media") in state.urls):
            return None  # an open-url button reports the URL it opened: nothing to answer
        content = _content(user, body, state.asks_for_phone())
        return self._update(message=self._base(user, state) | content)

    def _press(self, user: ViberUser, state: ChatState, data: str) -> Update:
        query: dict[str, Any] = {
            "id": f"{user.id}:{next(self._update_ids)}",
            "from": _from(user),
            "chat_instance": str(user.id),
            "data": data,
        }
        if state.keyboard_message is not None:
            query["message"] = state.keyboard_message
        return self._update(callback_query=query)

    # --- building blocks ----------------------------------------------------------------------

    def _base(self, user: ViberUser, state: ChatState) -> dict[str, Any]:
        return {
            "message_id": state.new_message_id(),
            "date": int(time.time()),
            "chat": {"id": user.id, "type": "private", "first_name": user.name or "Viber"},
            "from": _from(user),
        }

    def _update(self, **content: Any) -> Update:
        return Update.model_validate({"update_id": next(self._update_ids), **content})


def _from(user: ViberUser) -> dict[str, Any]:
    person: dict[str, Any] = {"id": user.id, "is_bot": False, "first_name": user.name or "Viber"}
    if user.language:
        person["language_code"] = user.language
    return person


def _text(text: str) -> dict[str, Any]:
    if not text.startswith("/"):
        return {"text": text}
    command = text.split()[0]
    return {
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
    }


def _unique(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def _content(user: ViberUser, body: dict[str, Any], own_phone: bool) -> dict[str, Any]:
    kind = body.get("type")
    media = str(body.get("media") or "")
    if kind in {"text", "url"}:
        text = str(body.get("text") or media)
        return _text(text) if text.strip() else {}
    if kind == "contact":
        contact = body.get("contact") or {}
        shared: dict[str, Any] = {
            "phone_number": str(contact.get("phone_number") or ""),
            "first_name": str(contact.get("name") or user.name or "Viber"),
        }
        if own_phone:
            shared["user_id"] = user.id
        return {"contact": shared}
    if kind == "location":
        place = body.get("location") or {}
        return {"location": {"latitude": float(place["lat"]), "longitude": float(place["lon"])}}
    if kind == "picture":
        photo = {"file_id": media, "file_unique_id": _unique(media), "width": 0, "height": 0}
        caption = {"caption": body["text"]} if body.get("text") else {}
        return {"photo": [photo], **caption}
    if kind == "sticker":
        sticker_id = str(body.get("sticker_id") or media)
        return {"sticker": _sticker(sticker_id)}
    if kind == "file":
        name = {"file_name": body["file_name"]} if body.get("file_name") else {}
        return {"document": {"file_id": media, "file_unique_id": _unique(media), **name}}
    if kind == "video":
        duration = int(body.get("duration") or 0)
        video = {"file_id": media, "file_unique_id": _unique(media), "width": 0, "height": 0}
        return {"video": {**video, "duration": duration}}
    return {}


def _sticker(sticker_id: str) -> dict[str, Any]:
    return {
        "file_id": sticker_id,
        "file_unique_id": _unique(sticker_id),
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
