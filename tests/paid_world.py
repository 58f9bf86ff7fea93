"""One bot process serving Telegram and Viber from one Dispatcher and one SQLite database, with
the real outbox sender delivering through both channels' transports: for the tests of paid
Viber messages and of photos across messengers. Telegram is the in-process emulator, Viber
the in-process LocalViberApi; the Viber channel can fetch Telegram photos through the
Telegram bot (`telegram_photos`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot

from bot.app import Services, create_bot
from bot.channels.local import LocalSession
from bot.channels.viber.transport import ViberTransport
from bot.channels.viber.webhook import ViberChannel
from bot.scheduler import run_job
from bot.sender import OutboxSender
from bot.transport import ChannelLimits, Transport
from bot.transport_telegram import TelegramTransport
from storage.audit import Actor
from storage.news.broadcasts import BroadcastService
from storage.news.model import Broadcast, Draft, Topic
from storage.outbox import OutboxState
from tests.harness import TEST_TOKEN, BotEnv, Chat, FakeClock
from tests.viber_harness import ViberChat, ViberEnv, make_viber_settings

FAST = ChannelLimits(1000, 0)


@dataclass
class World:
    viber: ViberEnv
    telegram: BotEnv
    telegram_photos: bool = True
    sent_by_sender: list[str] = field(default_factory=list)

    @classmethod
    async def start(
        cls, path: Path, clock: FakeClock, *, telegram_photos: bool = True, **viber: Any
    ) -> World:
        settings = make_viber_settings(path, viber=viber)
        viber_env = ViberEnv(settings, clock)
        await viber_env.start()
        telegram = BotEnv(settings, clock)
        telegram.services, telegram.dp = viber_env.services, viber_env.dp
        telegram.bot = create_bot(TEST_TOKEN, LocalSession(telegram.emulator))
        world = cls(viber_env, telegram, telegram_photos)
        world.mount_viber()
        return world

    def mount_viber(self) -> None:
        """The Viber channel again, this time able to fetch Telegram photos (or not)."""
        env = self.viber
        source: Bot | None = self.telegram.bot if self.telegram_photos else None
        env.channel = ViberChannel(env.services, env.dp, env.api, source)

    async def restart(self) -> None:
        """A new process on the same database file."""
        await self.viber.restart()
        self.telegram.services, self.telegram.dp = self.viber.services, self.viber.dp
        self.mount_viber()

    async def stop(self) -> None:
        await self.viber.stop()

    @property
    def services(self) -> Services:
        return self.viber.services

    def on_telegram(self, user_id: int) -> Chat:
        return self.telegram.resident(user_id)

    def on_viber(self, user_id: int) -> ViberChat:
        return self.viber.resident(user_id)

    def sender(self) -> OutboxSender:
        channel = self.viber.channel
        transports: list[Transport] = [
            TelegramTransport(self.telegram.bot, limits=FAST),
            ViberTransport(channel.bot, channel.session, limits=FAST),
        ]
        return OutboxSender(
            transports, self.services.outbox, self.services.residents, poll_interval=0.01
        )

    async def deliver(self) -> None:
        """The real sender on both channels until nothing is waiting."""
        sender = self.sender()
        await sender.start()
        try:
            for _ in range(500):
                counts = await self.services.outbox.counts()
                if not counts.get(OutboxState.PENDING) and not counts.get(OutboxState.SENDING):
                    return
                await asyncio.sleep(0.01)
            raise AssertionError(f"outbox not drained: {counts}")
        finally:
            await sender.stop()

    async def broadcast(
        self,
        author: int,
        topic: Topic,
        text: str = "Оголошення",
        photo: dict[str, str] | None = None,
    ) -> Broadcast:
        """An announcement by resident `author` to the whole community, expanded and
        delivered; its final state (the card in the author's Telegram chat follows)."""
        service = self.services.find(BroadcastService)
        draft = Draft(text_uk=text, topic=topic, photo=photo or {})
        created = await service.create(author, draft, Actor.system("test"))
        await service.start(created, Actor.system("test"))
        await self.tick()
        await self.deliver()
        await self.tick()
        final = await service.get(created.id)
        assert final is not None
        return final

    async def tick(self) -> None:
        job = next(j for j in self.services.flows.jobs if j.name == "news")
        await run_job(job, {**self.services.named(), "bot": self.telegram.bot})

    async def skipped(self, code: str) -> int:
        return int(
            await self.services.db.fetchval(
                "SELECT COUNT(*) FROM outbox WHERE state = 'skipped' AND skip_code = ?", (code,)
            )
        )


async def onboard_viber(chat: ViberChat, answer: str | None = None) -> None:
    """Onboarding on Viber; `answer` is the button pressed at the question about paid
    announcements (None: the question is left unanswered)."""
    await chat.open()
    await chat.click("Погоджуюсь")
    await chat.click("Українська")
    await chat.click("Калинівка")
    if answer is not None:
        await chat.click(answer)


async def onboard_telegram(chat: Chat) -> None:
    await chat.send("/start")
    await chat.click_nth(0)
    await chat.click("Українська")
    await chat.click("Калинівка")


def viber_texts(chat: ViberChat) -> list[str]:
    return [str(m.get("text", "")) for m in chat.env.api.messages_to(chat.viber_id)]


async def number_of(world: World, channel: str, external_id: str) -> int:
    found = await world.services.residents.find_by_channel(channel, external_id)
    assert found is not None
    return int(found.id)
