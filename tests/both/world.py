"""One bot process serving Telegram and Viber at once (one database, one Dispatcher, one
outbox sender for both), with its residents on the channel a test runs on.

Officials stay on Telegram whatever the residents use: the desk, /broadcast and moderation
are the same for residents of either messenger, and a test of a resident's flow needs them
only to move things along."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod

from bot.app import Services
from bot.channels.viber.transport import ViberTransport
from bot.config import Settings
from storage.audit import Actor
from storage.roles import Role
from tests.channels import (
    RecordingEmulator,
    ResidentChat,
    TelegramResident,
    ViberResident,
    plain_html,
)
from tests.harness import FAST, BotEnv, FakeClock
from tests.viber_harness import ViberEnv

CONSENT = "Погоджуюсь"


@dataclass
class World:
    channel: str
    telegram: BotEnv
    viber: ViberEnv
    notices: set[int] = field(default_factory=set)  # Viber messages that answered a button

    @classmethod
    async def open(cls, channel: str, settings: Settings, clock: FakeClock) -> World:
        telegram = await BotEnv(settings, clock, emulator=RecordingEmulator()).start()
        world = cls(channel, telegram, ViberEnv(settings, clock))
        world._attach_viber()
        return world

    def _attach_viber(self) -> None:
        self.viber.attach(self.telegram.services, self.telegram.dp)
        session = self.viber.channel.session
        answer = session._methods["answerCallbackQuery"]
        sent = self.viber.api.sent

        async def noting(bot: Bot, method: TelegramMethod[Any], params: dict[str, Any]) -> Any:
            before = len(sent)
            try:
                return await answer(bot, method, params)
            finally:
                self.notices.update(range(before, len(sent)))

        session._methods["answerCallbackQuery"] = noting

    async def restart(self) -> None:
        """A new process on the same database file: nothing in memory survives."""
        await self.telegram.restart()
        self._attach_viber()

    async def stop(self) -> None:
        await self.telegram.stop()

    @property
    def services(self) -> Services:
        return self.telegram.services

    @property
    def clock(self) -> FakeClock:
        return self.telegram.clock

    def t(self, key: str, language: str = "uk", **args: Any) -> str:
        """A bot text as the resident reads it (plain, without markup)."""
        return plain_html(self.services.texts.get(language)(key, **args))

    # --- people -----------------------------------------------------------------------------

    def resident(
        self, number: int = 1001, language: str = "uk", first_name: str = "Олена"
    ) -> ResidentChat:
        """A resident on this world's channel; `number` tells residents apart."""
        if self.channel == "viber":
            chat = self.viber.resident(number, language, first_name)
            return ViberResident(self.viber, chat, number, self.notices)
        return self.on_telegram(number, language, first_name)

    def on_telegram(
        self, number: int, language: str = "uk", first_name: str = "Ірина"
    ) -> TelegramResident:
        chat = self.telegram.resident(number, language, first_name)
        return TelegramResident(self.telegram, chat, number)

    async def official(self, number: int, role: Role, scope: str = "") -> TelegramResident:
        """An onboarded Telegram user with `role`."""
        chat = self.on_telegram(number)
        await onboard(chat)
        found = await chat.record()
        assert found is not None
        await self.services.roles.grant(found.id, role, scope, Actor.system("test"))
        return chat

    # --- the bot on its own -----------------------------------------------------------------

    async def deliver(self) -> None:
        """Run the one outbox sender, Telegram first then Viber, until nothing is due."""
        viber = ViberTransport(self.viber.bot, self.viber.channel.session, limits=FAST)
        await self.telegram.deliver(viber)


async def onboard(
    chat: ResidentChat, settlement: str = "Калинівка", language: str = "Українська"
) -> list[str]:
    """Consent, language and settlement, by the buttons a new resident presses."""
    await chat.start()
    await chat.click(CONSENT if language == "Українська" else "I agree")
    await chat.click(language)
    shown = await chat.click(settlement)
    return shown + await answer_paid_question(chat, PAID_NEWS_YES)


# Viber asks once what the bot may send on its own (it costs the community money); a
# resident who says yes to everything gets what a Telegram resident gets.
PAID_NEWS_YES = ("✅ Так, усі оголошення", "✅ Yes, all announcements")
PAID_CNAP_YES = ("✅ Так, надсилати", "✅ Yes, send them")


async def answer_paid_question(chat: ResidentChat, labels: tuple[str, ...]) -> list[str]:
    """On Viber, the paid-message question if it is on screen; nothing on Telegram."""
    offered = [label for label in labels if label in chat.buttons()]
    if chat.channel != "viber" or not offered:
        return []
    return await chat.click(offered[0])
