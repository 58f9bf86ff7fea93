"""What one Viber chat shows, kept per user in viber_chats.

Viber has no inline buttons and no edits: a keyboard rides on a message and the app shows only
the newest one. So the bot keeps, per chat, the newest message that carried inline buttons
(aiogram's `callback_query.message` for a press), the tokens its buttons send back, and the
reply keyboard (the persistent «Меню», a contact request) that is merged into every keyboard.
A reply keyboard stays until the bot sends another or removes it, one-time or not: Telegram
only folds a used one-time keyboard away (a tap brings it back), and the flows count on that:
a resident whose place was refused as too far sends another with the same «📍» button.

Callback buttons send an opaque token (`cb:<n>`, ActionBody) instead of the callback data:
data may not be shown to the resident, and a token is always short. Only the tokens of the
current inline keyboard map to data; an older token is answered as a stale button."""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from storage.database import Database

TOKEN_PREFIX = "cb:"
TOKEN_PATTERN = re.compile(r"^cb:\d+$")
_CACHE_SIZE = 20_000

Rows = list[list[dict[str, Any]]]


@dataclass
class ChatState:
    next_id: int = 1
    next_token: int = 1
    keyboard_message: dict[str, Any] | None = None
    tokens: dict[str, str] = field(default_factory=dict)
    inline: list[dict[str, Any]] = field(default_factory=list)  # its Viber buttons
    urls: list[str] = field(default_factory=list)
    reply: Rows | None = None
    reply_is_newer: bool = False  # the reply keyboard came after the inline buttons

    def new_message_id(self) -> int:
        value, self.next_id = self.next_id, self.next_id + 1
        return value

    def issue_token(self, data: str) -> str:
        token = f"{TOKEN_PREFIX}{self.next_token}"
        self.next_token += 1
        self.tokens[token] = data
        return token

    def retire_keyboard(self) -> None:
        self.reply_is_newer = False
        self.keyboard_message = None
        self.tokens = {}
        self.inline = []
        self.urls = []

    def apply_reply_markup(self, markup: dict[str, Any] | None) -> None:
        """A reply keyboard replaces the current one, like in Telegram."""
        if not markup:
            return
        if "keyboard" in markup:
            self.reply = markup["keyboard"]
            self.reply_is_newer = True
        elif markup.get("remove_keyboard"):
            self.reply = None

    @classmethod
    def from_json(cls, raw: str) -> ChatState:
        """A stored state; keys an earlier version kept and this one does not are dropped."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(raw).items() if k in known})

    def asks_for_phone(self) -> bool:
        return any(b.get("request_contact") for row in self.reply or [] for b in row)


class ChatStore:
    """Chat states with a write-through cache: everyone working on one chat shares one
    ChatState object, so concurrent changes are not lost between load and save."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: OrderedDict[int, ChatState] = OrderedDict()

    async def load(self, user_id: int) -> ChatState:
        cached = self._cache.get(user_id)
        if cached is not None:
            self._cache.move_to_end(user_id)
            return cached
        raw = await self._db.fetchval("SELECT state FROM viber_chats WHERE user_id = ?", (user_id,))
        state = ChatState.from_json(raw) if raw else ChatState()
        self._cache[user_id] = state
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return state

    async def save(self, user_id: int, state: ChatState) -> None:
        await self._db.execute(
            "INSERT INTO viber_chats(user_id, state) VALUES (?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET state = excluded.state",
            (user_id, json.dumps(asdict(state), ensure_ascii=False)),
        )

    def forget(self, user_id: int) -> None:
        self._cache.pop(user_id, None)
