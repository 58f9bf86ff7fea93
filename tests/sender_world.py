"""A world for outbox sender tests: a real SQLite file, the emulated Bot API behind the real
Telegram transport, a fake second channel standing for Viber, and virtual time.

The sender runs on virtual time: its `sleep` advances a counter at once, so the schedule it
keeps (rates, per-chat spacing, 429 pauses, back-off) is exact and fast to check; each
emulated call is stamped with that virtual time."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.app import create_bot
from bot.channels.emulator import BotApiEmulator, Call
from bot.channels.local import LocalSession
from bot.sender import OutboxSender
from bot.transport import Blocked, ChannelLimits, Transport, Unavailable
from bot.transport_telegram import TelegramTransport
from storage.database import Database
from storage.outbox import Outbox, OutboxState
from storage.payload import Payload
from storage.residents import ResidentRepository
from tests.harness import TEST_TOKEN, utc

START = utc(2026, 11, 23, 7, 0)
EPS = 1e-6


class VirtualTime:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.on_advance: Callable[[float], Awaitable[None]] | None = None

    def monotonic(self) -> float:
        return self.seconds

    async def sleep(self, delay: float) -> None:
        self.seconds += max(delay, 0.0)
        if self.on_advance is not None:
            await self.on_advance(self.seconds)
        await asyncio.sleep(0)

    def now(self) -> datetime:
        return START + timedelta(seconds=self.seconds)


class TimedEmulator(BotApiEmulator):
    """Stamps calls with the sender's time and can run a hook after each sendMessage."""

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__()
        self.clock = clock
        self.on_send: Callable[[int], None] | None = None

    def call(self, method: str, raw_params: dict[str, Any]) -> Any:
        try:
            return super().call(method, raw_params)
        finally:
            self.calls[-1].at = self.clock()
            if method == "sendMessage" and self.on_send is not None:
                self.on_send(len(self.sends()))

    def sends(self, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == "sendMessage" and chat_id in (None, c.params["chat_id"])
        ]

    def delivered(self) -> Counter[tuple[int, str]]:
        return Counter(
            (chat_id, str(m["text"])) for chat_id in self.chats for m in self.bot_messages(chat_id)
        )


class ScriptedSession(LocalSession):
    """Lets a test hang a call (before or after Telegram got it) or fail it on the network."""

    def __init__(self, emulator: BotApiEmulator, clock: Callable[[], float]) -> None:
        super().__init__(emulator)
        self.clock = clock
        self.hang_before: str | None = None
        self.hang_after: str | None = None
        self.slow_after: str | None = None  # delivered, then 50 ms until the answer arrives
        self.network_failures = 0
        self.failed_at: list[float] = []  # when the calls above failed
        self.errors: list[Exception] = []  # raised as they are, one a call

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        text = method.text if isinstance(method, SendMessage) else None
        if self.network_failures:
            self.network_failures -= 1
            self.failed_at.append(self.clock())
            raise TelegramNetworkError(method, "connection reset by peer")
        if self.errors:
            self.failed_at.append(self.clock())
            raise self.errors.pop(0)
        if text is not None and text == self.hang_before:
            await asyncio.Event().wait()
        result = await super().make_request(bot, method, timeout)
        if text is not None and text == self.hang_after:
            await asyncio.Event().wait()
        if text is not None and text == self.slow_after:
            await asyncio.sleep(0.05)
        return result


class FakeViber:
    """A second channel for the sender, standing for Viber: records what it delivers, and
    can refuse a chat (unsubscribed) or be down."""

    def __init__(self, channel: str = "viber", clock: Callable[[], float] = time.monotonic) -> None:
        self.channel = channel
        self.limits = ChannelLimits(rate_per_second=10, per_chat_interval=0)
        self.clock = clock
        self.sent: list[tuple[str, str, float]] = []  # chat id, text, when
        self.unsubscribed: set[str] = set()
        self.down = False
        self._ids = itertools.count(7_000_000_000)

    async def send(self, chat_id: str, payload: Payload) -> str:
        await asyncio.sleep(0)
        if self.down:
            raise Unavailable("Viber: connection refused")
        if chat_id in self.unsubscribed:
            raise Blocked("Viber: receiver not subscribed")
        self.sent.append((chat_id, payload.text, self.clock()))
        return str(next(self._ids))

    def texts(self, chat_id: str | None = None) -> list[str]:
        return [text for chat, text, _at in self.sent if chat_id in (None, chat)]


@dataclass
class World:
    path: Path
    clock: VirtualTime
    emulator: TimedEmulator
    db: Database = field(init=False)
    outbox: Outbox = field(init=False)
    residents: ResidentRepository = field(init=False)
    session: ScriptedSession = field(init=False)
    bot: Bot = field(init=False)
    senders: list[OutboxSender] = field(default_factory=list)
    closing: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def open(self) -> World:
        """A process on the database file: nothing in memory survives from the last one."""
        self.db = await Database.open(self.path)
        self.outbox = Outbox(self.db, self.clock.now)
        self.residents = ResidentRepository(self.db, self.clock.now)
        self.session = ScriptedSession(self.emulator, self.clock.monotonic)
        self.bot = create_bot(TEST_TOKEN, self.session)
        return self

    async def close(self) -> None:
        for sender in self.senders:
            await sender.stop()
        for close in self.closing:
            await close()
        self.closing.clear()
        await self.bot.session.close()
        await self.db.close()

    async def restart(self) -> None:
        await self.close()
        await self.open()

    async def resident(self, uid: int, channel: str = "telegram") -> int:
        return (await self.residents.get_or_create(channel, str(uid), str(uid))).id

    async def link(self, resident_id: int, channel: str, chat_id: str) -> None:
        """The resident also writes to the bot on `channel` (the Viber branch links them)."""
        await self.db.execute(
            "INSERT INTO resident_channels(channel, external_id, resident_id, chat_id, "
            "created_at) VALUES (?, ?, ?, ?, '2026-11-23T07:00:00Z')",
            (channel, chat_id, resident_id, chat_id),
        )

    def sender(
        self,
        *,
        virtual: bool = True,
        rate_per_second: float = 25,
        per_chat_interval: float = 1.0,
        extra: tuple[Transport, ...] = (),
        **options: Any,
    ) -> OutboxSender:
        settings: dict[str, Any] = {"retry_base": 2.0, "stop_timeout": 2.0, **options}
        if virtual:
            settings.update(monotonic=self.clock.monotonic, sleep=self.clock.sleep)
        else:
            self.emulator.clock = time.monotonic
        telegram = TelegramTransport(
            self.bot, limits=ChannelLimits(rate_per_second, per_chat_interval)
        )
        sender = OutboxSender([telegram, *extra], self.outbox, self.residents, **settings)
        self.senders.append(sender)
        return sender

    async def states(self) -> dict[str, str]:
        rows = await self.db.fetchall(
            "SELECT json_extract(payload, '$.text') AS text, state FROM outbox"
        )
        return {row["text"]: row["state"] for row in rows}

    async def row(self, text: str) -> dict[str, Any]:
        found = await self.db.fetchone(
            "SELECT * FROM outbox WHERE json_extract(payload, '$.text') = ?", (text,)
        )
        assert found is not None
        return dict(found)

    async def drained(self) -> bool:
        counts = await self.outbox.counts()
        return counts[OutboxState.PENDING] == counts[OutboxState.SENDING] == 0


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "timed out waiting for the outbox sender"
        await asyncio.sleep(0.002)


async def deliver_all(world: World, sender: OutboxSender) -> None:
    await sender.start()
    await eventually(world.drained)
    await sender.stop()


def holds(predicate: Callable[[], bool]) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return predicate()

    return check


def gaps(calls: list[Call]) -> list[float]:
    return [b.at - a.at for a, b in itertools.pairwise(calls)]
