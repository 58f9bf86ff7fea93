"""Drive the real dispatcher the way a resident would: send text, press buttons, share a
contact; then look at what the bot showed. Bot API calls land in a BotApiEmulator."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.app import Services, create_bot, create_dispatcher
from bot.channels.emulator import BotApiEmulator
from bot.channels.local import LocalSession
from bot.config import Settings
from bot.sender import OutboxSender
from bot.transport import ChannelLimits, Transport
from bot.transport_telegram import TelegramTransport
from storage.outbox import OutboxState
from ui.flow import Flow

TEST_TOKEN = "42:TEST-token-for-the-emulator"
DEMO_FILE = Path(__file__).resolve().parent.parent / "community" / "demo.yaml"
# Sending limits for tests: nobody waits on the real per-second rules.
FAST = ChannelLimits(1000, 0)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def make_settings(db_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database": {"path": db_path},
        "community": {"file": DEMO_FILE, "recheck_seconds": 0},
        "admins": {"telegram_ids": [900]},
        "flood": {"burst": 1000, "interval": 0.001},
    }
    for key, value in overrides.items():
        values.setdefault(key, {})
        values[key] = {**values[key], **value} if isinstance(value, dict) else value
    return Settings(_env_file=None, **values)


@dataclass
class BotEnv:
    """One bot process: services on a database file, dispatcher, and the emulated Telegram."""

    settings: Settings
    clock: FakeClock
    emulator: BotApiEmulator = field(default_factory=BotApiEmulator)
    flows: list[Flow] | None = None  # None: the bot's own flows
    services: Services = field(init=False)
    dp: Dispatcher = field(init=False)
    bot: Bot = field(init=False)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def start(self) -> BotEnv:
        self.services = await Services.open(self.settings, clock=self.clock, flows=self.flows)
        try:
            await self.services.load_demo_if_empty()
            self.dp = create_dispatcher(self.services)
        except BaseException:
            await self.services.close()  # else aiosqlite's thread keeps the test run alive
            raise
        self.bot = create_bot(TEST_TOKEN, LocalSession(self.emulator))
        return self

    async def restart(self) -> None:
        """A new process on the same database file: nothing in memory survives."""
        await self.services.close()
        await self.start()

    async def stop(self) -> None:
        await self.services.close()

    async def deliver(self, *others: Transport) -> int:
        """Run the real outbox sender until everything due is delivered; returns how many
        messages went out on Telegram. Rates are raised so tests do not wait on the
        1-per-second rule. `others`: more channels after Telegram (Viber)."""
        transport = TelegramTransport(self.bot, limits=FAST)
        sender = OutboxSender(
            [transport, *others], self.services.outbox, self.services.residents, poll_interval=0.01
        )
        before = self.emulator.sent_count()
        await sender.start()
        try:
            for _ in range(500):
                counts = await self.services.outbox.counts()
                if not counts.get(OutboxState.PENDING) and not counts.get(OutboxState.SENDING):
                    break
                await asyncio.sleep(0.01)
            else:
                raise AssertionError(f"outbox not drained: {counts}")
        finally:
            await sender.stop()
        return self.emulator.sent_count() - before

    async def run_reminders(self) -> int:
        """One tick of the reminder scheduler at the fake clock's time, then delivery."""
        await self.services.run_job("reminders")
        return await self.deliver()

    async def feed(self, **update: Any) -> None:
        result = Update.model_validate({"update_id": next(self._update_ids), **update})
        await self.dp.feed_update(self.bot, result)

    def resident(
        self, user_id: int = 1001, language_code: str = "uk", first_name: str = "Олена"
    ) -> Chat:
        return Chat(
            self,
            {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name,
                "language_code": language_code,
            },
        )


class Chat:
    """One resident's chat with the bot."""

    def __init__(self, env: BotEnv, user: dict[str, Any]) -> None:
        self.env = env
        self.user = user
        self.id: int = user["id"]
        self._seen_calls = 0

    # --- acting ---------------------------------------------------------------------------

    async def send(self, text: str) -> list[str]:
        entities = []
        if text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self._send_message(text=text, entities=entities)

    async def send_photo(self) -> list[str]:
        photo = [{"file_id": "AgAD", "file_unique_id": "u1", "width": 90, "height": 90}]
        return await self._send_message(photo=photo)

    async def send_sticker(self) -> list[str]:
        sticker = {
            "file_id": "CAAD",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self._send_message(sticker=sticker)

    async def share_contact(self, phone: str = "+380671234567", own: bool = True) -> list[str]:
        contact = {
            "phone_number": phone,
            "first_name": self.user["first_name"],
            "user_id": self.id if own else self.id + 1,
        }
        return await self._send_message(contact=contact)

    async def _send_message(self, **content: Any) -> list[str]:
        message = self.env.emulator.record_user_message(self.user, **content)
        await self.env.feed(message=message)
        return self.news()

    async def click(self, text: str, *, message: dict[str, Any] | None = None) -> list[str]:
        """Press the button whose label contains `text`: an inline button of the newest
        message that has one (or of `message`), else a reply-keyboard button."""
        found = self.find_button(text, message)
        if found is None:
            reply = self.reply_button(text)
            if reply is None:
                raise AssertionError(f"no button {text!r}; visible: {self.buttons()}")
            if reply.get("request_contact"):
                return await self.share_contact()
            return await self.send(reply["text"])
        owner, data = found
        return await self.press(data, owner)

    async def click_nth(self, index: int) -> list[str]:
        """Press the index-th inline button of the newest keyboard (0 is the first)."""
        owner = self.last_message_with_buttons()
        assert owner is not None, "no inline keyboard on screen"
        flat = [b for row in owner["reply_markup"]["inline_keyboard"] for b in row]
        return await self.press(flat[index]["callback_data"], owner)

    async def press(self, data: str, message: dict[str, Any] | None = None) -> list[str]:
        """Send a callback query with any data: also used to forge one."""
        message = message or self.last_message_with_buttons() or self.bot_messages()[-1]
        await self.env.feed(
            callback_query={
                "id": str(next(self.env._update_ids)),
                "from": self.user,
                "chat_instance": str(self.id),
                "message": message,
                "data": data,
            }
        )
        return self.news()

    # --- looking --------------------------------------------------------------------------

    def bot_messages(self) -> list[dict[str, Any]]:
        return self.env.emulator.bot_messages(self.id)

    @property
    def last_text(self) -> str:
        return str(self.bot_messages()[-1].get("text", ""))

    def texts(self) -> list[str]:
        return [str(m.get("text", m.get("caption", ""))) for m in self.bot_messages()]

    def news(self) -> list[str]:
        """Texts the bot sent or edited for this chat since the last look."""
        calls = self.env.emulator.calls[self._seen_calls :]
        self._seen_calls = len(self.env.emulator.calls)
        return [
            str(c.params.get("text", ""))
            for c in calls
            if c.params.get("chat_id") == self.id and c.method in {"sendMessage", "editMessageText"}
        ]

    def alerts(self) -> list[str]:
        return [str(a.get("text", "")) for a in self.env.emulator.callback_answers if a.get("text")]

    def last_message_with_buttons(self) -> dict[str, Any] | None:
        for message in reversed(self.bot_messages()):
            if message.get("reply_markup", {}).get("inline_keyboard"):
                return dict(message)
        return None

    def buttons(self, message: dict[str, Any] | None = None) -> list[str]:
        message = message or self.last_message_with_buttons()
        inline = (
            []
            if message is None
            else [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
        )
        reply = [
            b["text"] for row in self.env.emulator.chat(self.id).reply_keyboard or [] for b in row
        ]
        return inline + reply

    def find_button(
        self, text: str, message: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], str] | None:
        candidates = [message] if message else reversed(self.bot_messages())
        for owner in candidates:
            rows = owner.get("reply_markup", {}).get("inline_keyboard", [])
            if not rows:
                continue
            labels = [b for row in rows for b in row if text in b["text"]]
            if not labels:
                if message is None:
                    return None  # only the newest keyboard counts, like a resident's eye
                return None
            exact = [b for b in labels if b["text"] == text]
            chosen = exact[0] if exact else labels[0]
            if not exact and len(labels) > 1:
                raise AssertionError(
                    f"{text!r} matches several buttons: {[b['text'] for b in labels]}"
                )
            return owner, chosen["callback_data"]
        return None

    def reply_button(self, text: str) -> dict[str, Any] | None:
        for row in self.env.emulator.chat(self.id).reply_keyboard or []:
            for b in row:
                if text in b["text"]:
                    return dict(b)
        return None


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
