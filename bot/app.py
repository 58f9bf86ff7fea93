"""Building the bot: the services, the Dispatcher, the commands. Shared by every channel
(polling, webhook, terminal demo) and by the tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.config import Settings
from bot.i18n import Texts
from bot.middlewares import (
    ErrorGuardMiddleware,
    FloodControlMiddleware,
    ReplyRetryMiddleware,
    ResidentMiddleware,
)
from bot.notify import Notifier
from handlers import build_router
from storage.booking import BookingService
from storage.community import CommunityRepository, read_community_file
from storage.database import Database
from storage.fsm import SQLiteStorage
from storage.outbox import Outbox
from storage.residents import ResidentRepository
from storage.timeutil import Clock, utcnow

log = logging.getLogger(__name__)

COMMANDS = ("start", "menu", "language", "mydata", "help", "cancel")
STAFF_COMMANDS = ("operator",)


@dataclass
class Services:
    """Everything handlers may receive by name, built once per process."""

    settings: Settings
    db: Database
    texts: Texts
    residents: ResidentRepository
    community: CommunityRepository
    booking: BookingService
    outbox: Outbox
    notifier: Notifier
    clock: Clock = field(default=utcnow)

    @classmethod
    async def open(cls, settings: Settings, clock: Clock = utcnow) -> Services:
        db = await Database.open(settings.database.path)
        zone = settings.community.zone
        texts = Texts(settings.community.default_language, zone)
        residents = ResidentRepository(db, clock)
        community = CommunityRepository(db, clock)
        booking = BookingService(db, community, clock, zone)
        outbox = Outbox(db, clock)
        return cls(
            settings=settings,
            db=db,
            texts=texts,
            residents=residents,
            community=community,
            booking=booking,
            outbox=outbox,
            notifier=Notifier(db, outbox, residents, texts, booking),
            clock=clock,
        )

    async def close(self) -> None:
        await self.db.close()

    async def load_demo_if_empty(self) -> bool:
        """A fresh database gets the community file from settings (the demo by default)."""
        if not await self.community.is_empty():
            return False
        path = Path(self.settings.community.file)
        await self.community.load(read_community_file(path))
        log.info("Loaded community file %s into an empty database", path)
        return True


def create_dispatcher(services: Services) -> Dispatcher:
    settings = services.settings
    dp = Dispatcher(
        storage=SQLiteStorage(services.db),
        # One resident's updates are handled one at a time (a double tap cannot race).
        events_isolation=SimpleEventIsolation(),
        settings=settings,
        db=services.db,
        texts=services.texts,
        residents=services.residents,
        community=services.community,
        booking=services.booking,
        outbox=services.outbox,
        notifier=services.notifier,
        clock=services.clock,
    )
    # Outermost, around aiogram's own FSM middleware too: a failure loading the state is caught.
    register_outermost(dp, ErrorGuardMiddleware(services.texts, services.residents))
    dp.update.outer_middleware(
        FloodControlMiddleware(services.texts, settings.flood.burst, settings.flood.interval)
    )
    dp.update.outer_middleware(
        ResidentMiddleware(services.residents, services.texts, set(settings.admins.telegram_ids))
    )
    dp.include_router(build_router())
    return dp


async def register_commands(bot: Bot, texts: Texts) -> None:
    """The command menu in Telegram, in Ukrainian by default and in English for English users."""
    for language in texts.languages:
        t = texts.get(language)
        commands = [BotCommand(command=c, description=t(f"command-{c}")) for c in COMMANDS]
        code = None if language == texts.default_language else language
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=code)


def create_bot(token: str, session: BaseSession | None = None) -> Bot:
    bot = Bot(token=token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    bot.session.middleware(ReplyRetryMiddleware())
    return bot


def register_outermost(dp: Dispatcher, middleware: BaseMiddleware) -> None:
    """Make `middleware` the outermost update middleware, ahead of aiogram's own ones."""
    outer = dp.update.outer_middleware
    others = list(outer)
    for other in others:
        outer.unregister(other)
    outer.register(middleware)
    for other in others:
        outer.register(other)
