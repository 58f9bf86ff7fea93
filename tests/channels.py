"""One resident's chat on either messenger, so a flow test is written once and runs on both.

`ResidentChat` is what a test drives: `start`, `send`, `click` (a button by its visible label
on whatever the resident sees last), `share_contact`, `share_location`, `send_photo`, and what
the resident saw: `last_text`, `texts()`, `buttons()`. Every action returns the texts shown
since the previous one, in order, short notices included (Telegram's pop-up answer to a
button, which Viber shows as a message).

Texts are compared as the resident reads them, without markup: Telegram's HTML and Viber's
*bold*/_italic_ both become plain text (`plain_html`, `plain_viber`), so `"Зв-2026-0001" in
shown[-1]` or `shown[-1] == world.t("key")` holds on both. Links stay as each messenger
shows them (Viber writes the address after the link's text).

The Telegram side drives tests/harness.py's Chat; the Viber side tests/viber_harness.py's
ViberChat on the same bot process (one database, one Dispatcher, as in production)."""

from __future__ import annotations

import copy
import itertools
from abc import ABC, abstractmethod
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from bot.channels.emulator import ApiError, BotApiEmulator
from storage.residents import Resident
from tests.harness import BotEnv, Chat
from tests.viber_harness import ViberChat, ViberEnv

CHANNELS = ("telegram", "viber")
# The demo community's centre is 49.4285, 32.0620: a place inside the community.
NEAR = (49.4290, 32.0625)

_VIBER_MARKS = "*_~"
_LOOKALIKES = {"∗": "*", "＿": "_", "∼": "~", "ˋˋˋ": "```"}
_LABEL_LOOKALIKES = {"‹": "<", "›": ">"}


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_html(text: str) -> str:
    """A Telegram HTML text as the resident reads it."""
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def plain_viber(text: str) -> str:
    """A Viber text as the resident reads it: the markup characters Viber shows as bold,
    italic or strike-through dropped; the look-alikes the bot put in for a typed * _ ~ read
    as the characters they stand for."""
    chars = list(text.replace("```", ""))
    kept = []
    for index, char in enumerate(chars):
        before = chars[index - 1] if index > 0 else " "
        after = chars[index + 1] if index + 1 < len(chars) else " "
        if char in _VIBER_MARKS and not (before.isalnum() and after.isalnum()):
            continue  # markup: a literal one at a word's edge was made a look-alike
        kept.append(char)
    plain = "".join(kept)
    for lookalike, char in _LOOKALIKES.items():
        plain = plain.replace(lookalike, char)
    return plain


@dataclass(frozen=True, slots=True)
class Shown:
    """One text the resident saw: a message (sent, or an edit) or a short notice."""

    text: str
    notice: bool = False


@dataclass(frozen=True, slots=True)
class KeptButton:
    """A button as it was on screen, to press after the screen moved on (a double tap)."""

    label: str
    handle: Any


class ResidentChat(ABC):
    """A resident's chat with the bot on one messenger."""

    channel: str

    def __init__(self, number: int) -> None:
        self.number = number
        self.phone = f"+38067{number:07d}"  # limits follow the phone: one number each
        self._seen = 0

    # --- acting -----------------------------------------------------------------------------

    @abstractmethod
    async def start(self, payload: str | None = None) -> list[str]:
        """Open the bot (with a deep link's payload, e.g. a QR poster's `s-<settlement>`)."""

    @abstractmethod
    async def send(self, text: str) -> list[str]: ...

    @abstractmethod
    async def click(self, label: str) -> list[str]:
        """Press the button whose label is, or (if only one) contains, `label`."""

    @abstractmethod
    async def click_nth(self, index: int) -> list[str]:
        """Press the index-th button of the newest message's buttons (0 is the first)."""

    @abstractmethod
    async def share_contact(self, phone: str | None = None, own: bool = True) -> list[str]: ...

    @abstractmethod
    async def share_location(self, lat: float = NEAR[0], lon: float = NEAR[1]) -> list[str]: ...

    @abstractmethod
    async def send_photo(self) -> list[str]: ...

    @abstractmethod
    async def send_sticker(self) -> list[str]: ...

    @abstractmethod
    def keep_button(self, label: str) -> KeptButton: ...

    @abstractmethod
    async def press_kept(self, kept: KeptButton) -> list[str]: ...

    # --- looking ----------------------------------------------------------------------------

    @abstractmethod
    def stream(self) -> list[Shown]:
        """Everything the bot showed this chat so far, in order, as plain text."""

    @abstractmethod
    def buttons(self) -> list[str]:
        """The labels the resident can press now: the newest message's, then the keyboard."""

    @abstractmethod
    async def record(self) -> Resident | None:
        """The resident the bot keeps for this chat (None before consent or after deletion)."""

    def news(self) -> list[str]:
        """Texts shown since the last look."""
        shown = self.stream()
        fresh, self._seen = shown[self._seen :], len(shown)
        return [s.text for s in fresh]

    def texts(self) -> list[str]:
        """Every message text shown (an edit counts as shown again), without notices."""
        return [s.text for s in self.stream() if not s.notice]

    @property
    def last_text(self) -> str:
        texts = self.texts()
        return texts[-1] if texts else ""

    def got(self, fragment: str) -> int:
        return sum(fragment in text for text in self.texts())


class RecordingEmulator(BotApiEmulator):
    """The Bot API emulator, remembering which calls Telegram refused (nothing was shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: set[int] = set()

    def call(self, method: str, raw_params: dict[str, Any]) -> Any:
        try:
            return super().call(method, raw_params)
        except ApiError:
            self.refused.add(len(self.calls) - 1)
            raise


class TelegramResident(ResidentChat):
    channel = "telegram"

    def __init__(self, env: BotEnv, chat: Chat, number: int) -> None:
        super().__init__(number)
        self.env = env
        self.chat = chat
        self._queries: set[str] = set()
        self._query_ids = itertools.count(1)

    async def start(self, payload: str | None = None) -> list[str]:
        return await self.send(f"/start {payload}" if payload else "/start")

    async def send(self, text: str) -> list[str]:
        await self.chat.send(text)
        return self.news()

    async def click(self, label: str) -> list[str]:
        found = self.chat.find_button(label)
        if found is not None:
            return await self._press(found[1], found[0])
        reply = self.chat.reply_button(label)
        if reply is None:
            raise AssertionError(f"no button {label!r}; visible: {self.buttons()}")
        if reply.get("request_contact"):
            return await self.share_contact()
        if reply.get("request_location"):
            return await self.share_location()
        return await self.send(str(reply["text"]))

    async def click_nth(self, index: int) -> list[str]:
        owner = self.chat.last_message_with_buttons()
        assert owner is not None, "no buttons on screen"
        flat = [b for row in owner["reply_markup"]["inline_keyboard"] for b in row]
        return await self._press(flat[index]["callback_data"], owner)

    async def _press(self, data: str, message: dict[str, Any]) -> list[str]:
        query_id = f"{self.chat.id}:{next(self._query_ids)}"
        self._queries.add(query_id)
        await self.env.feed(
            callback_query={
                "id": query_id,
                "from": self.chat.user,
                "chat_instance": str(self.chat.id),
                "message": message,
                "data": data,
            }
        )
        return self.news()

    async def share_contact(self, phone: str | None = None, own: bool = True) -> list[str]:
        await self.chat.share_contact(phone or self.phone, own=own)
        return self.news()

    async def share_location(self, lat: float = NEAR[0], lon: float = NEAR[1]) -> list[str]:
        await self.chat._send_message(location={"latitude": lat, "longitude": lon})
        return self.news()

    async def send_photo(self) -> list[str]:
        await self.chat.send_photo()
        return self.news()

    async def send_sticker(self) -> list[str]:
        await self.chat.send_sticker()
        return self.news()

    def keep_button(self, label: str) -> KeptButton:
        found = self.chat.find_button(label)
        assert found is not None, f"no button {label!r}; visible: {self.buttons()}"
        return KeptButton(label, (copy.deepcopy(found[0]), found[1]))

    async def press_kept(self, kept: KeptButton) -> list[str]:
        message, data = kept.handle
        return await self._press(data, message)

    def stream(self) -> list[Shown]:
        emulator = self.env.emulator
        refused: set[int] = getattr(emulator, "refused", set())
        shown: list[Shown] = []
        for index, call in enumerate(emulator.calls):
            if index in refused:
                continue
            params = call.params
            if call.method == "answerCallbackQuery":
                if params.get("text") and params.get("callback_query_id") in self._queries:
                    shown.append(Shown(str(params["text"]), notice=True))
                continue
            if params.get("chat_id") != self.chat.id:
                continue
            text = {"sendMessage": "text", "editMessageText": "text", "sendPhoto": "caption"}
            key = text.get(call.method)
            if key is None or not params.get(key):
                continue
            raw = str(params[key])
            shown.append(Shown(plain_html(raw) if params.get("parse_mode") == "HTML" else raw))
        return shown

    def buttons(self) -> list[str]:
        return self.chat.buttons()

    async def record(self) -> Resident | None:
        return await self.env.services.residents.find_by_channel("telegram", str(self.chat.id))


class ViberResident(ResidentChat):
    channel = "viber"

    def __init__(self, env: ViberEnv, chat: ViberChat, number: int, notices: set[int]) -> None:
        super().__init__(number)
        self.env = env
        self.chat = chat
        self._notices = notices  # indexes into env.api.sent: callback answers
        self._welcomes: list[tuple[int, str]] = []  # (messages sent before it, its text)

    async def start(self, payload: str | None = None) -> list[str]:
        before = len(self.env.api.sent)
        await self.chat.open(context=payload)
        if self.chat.welcome and self.chat.welcome.get("text"):
            self._welcomes.append((before, str(self.chat.welcome["text"])))
        return self.news()

    async def send(self, text: str) -> list[str]:
        await self.chat.send(text)
        return self.news()

    async def click(self, label: str) -> list[str]:
        button = self.chat.button(label)
        if button["ActionType"] == "share-phone":
            return await self.share_contact()
        if button["ActionType"] == "location-picker":
            return await self.share_location()
        assert button["ActionType"] == "reply", f"{label!r} is not pressed in the chat"
        return await self.send(str(button["ActionBody"]))

    async def click_nth(self, index: int) -> list[str]:
        await self.chat.click_nth(index)
        return self.news()

    async def share_contact(self, phone: str | None = None, own: bool = True) -> list[str]:
        await self.chat.share_contact(phone or self.phone, own=own)
        return self.news()

    async def share_location(self, lat: float = NEAR[0], lon: float = NEAR[1]) -> list[str]:
        await self.chat.share_location(lat, lon)
        return self.news()

    async def send_photo(self) -> list[str]:
        await self.chat.send_photo()
        return self.news()

    async def send_sticker(self) -> list[str]:
        await self.chat.send_sticker()
        return self.news()

    def keep_button(self, label: str) -> KeptButton:
        return KeptButton(label, str(self.chat.button(label)["ActionBody"]))

    async def press_kept(self, kept: KeptButton) -> list[str]:
        await self.chat.press(str(kept.handle))
        return self.news()

    def stream(self) -> list[Shown]:
        shown: list[Shown] = []
        welcomes = iter(self._welcomes)
        welcome = next(welcomes, None)
        for index, message in enumerate([*self.env.api.sent, None]):
            while welcome is not None and welcome[0] == index:
                shown.append(Shown(plain_viber(welcome[1])))
                welcome = next(welcomes, None)
            if message is None or message.get("receiver") != self.chat.viber_id:
                continue
            if message.get("text"):
                shown.append(Shown(plain_viber(str(message["text"])), index in self._notices))
        return shown

    def buttons(self) -> list[str]:
        labels = []
        for label in self.chat.buttons():
            for lookalike, char in _LABEL_LOOKALIKES.items():
                label = label.replace(lookalike, char)
            labels.append(label)
        return labels

    async def record(self) -> Resident | None:
        return await self.env.services.residents.find_by_channel("viber", self.chat.viber_id)
