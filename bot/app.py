"""Building the bot: the services, the Dispatcher, the commands. Shared by every channel
(polling, webhook, terminal demo) and by the tests."""

from __future__ import annotations

import gc
import importlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.config import Settings
from bot.dispatcher import BotDispatcher
from bot.middlewares import (
    ErrorGuardMiddleware,
    FloodControlMiddleware,
    ReplyRetryMiddleware,
    ResidentMiddleware,
)
from bot.scheduler import run_job
from storage.audit import AuditLog
from storage.community import CommunityRepository, read_community_file
from storage.database import Database
from storage.fsm import SQLiteStorage
from storage.fsm_isolation import ChatIsolation
from storage.outbox import Outbox
from storage.residents import ResidentRepository
from storage.roles import RoleService
from storage.timeutil import Clock, utcnow
from ui.flow import Flow, Flows, LeaveWatch
from ui.i18n import Texts

log = logging.getLogger(__name__)

COMMANDS = ("start", "menu", "language", "mydata", "help", "cancel", "stop")
# The flows are plugins: bot/ finds them by module name and never imports them itself.
FLOWS_MODULE = "handlers"

T = TypeVar("T")


def load_flows(module: str = FLOWS_MODULE) -> list[Flow]:
    flows: list[Flow] = importlib.import_module(module).all_flows()
    return flows


@dataclass
class Services:
    """Everything handlers may receive by name, built once per process: the core services
    and what each flow provides (`@flow.services`)."""

    settings: Settings
    db: Database
    texts: Texts
    residents: ResidentRepository
    community: CommunityRepository
    outbox: Outbox
    audit: AuditLog
    roles: RoleService
    flows: Flows
    clock: Clock = field(default=utcnow)
    provided: dict[str, object] = field(default_factory=dict)

    @classmethod
    async def open(
        cls, settings: Settings, clock: Clock = utcnow, flows: Sequence[Flow] | None = None
    ) -> Services:
        db = await Database.open(settings.database.path)
        zone = settings.community.zone
        audit = AuditLog(db, clock)
        services = cls(
            settings=settings,
            db=db,
            texts=Texts(settings.community.default_language, zone),
            residents=ResidentRepository(db, clock),
            community=CommunityRepository(
                db, clock, recheck_seconds=settings.community.recheck_seconds
            ),
            outbox=Outbox(db, clock),
            audit=audit,
            roles=RoleService(db, audit, clock),
            flows=Flows(load_flows() if flows is None else flows),
            clock=clock,
        )
        try:
            await services._bootstrap_roles()
        except BaseException:
            await db.close()
            raise
        for flow in services.flows.flows:
            for factory in flow.service_factories:
                services.provided.update(factory(services))
        return services

    async def _bootstrap_roles(self) -> None:
        """Administrators from settings who have written to the bot get the role, those no
        longer in settings lose it; the role table is then held in memory."""
        self.residents.on_deleted(self.roles.forget)
        ids = [str(i) for i in self.settings.admins.telegram_ids]
        await self.roles.sync_settings_administrators(
            await self.residents.ids_by_channel("telegram", ids)
        )

    def named(self) -> dict[str, Any]:
        """The services by the names handlers and jobs receive them under."""
        core = {
            "settings": self.settings,
            "db": self.db,
            "texts": self.texts,
            "residents": self.residents,
            "community": self.community,
            "outbox": self.outbox,
            "audit": self.audit,
            "roles": self.roles,
            "flows": self.flows,
            "clock": self.clock,
        }
        return {**core, **self.provided}

    def find(self, kind: type[T]) -> T:
        """A flow's service by its type (for tests and tools)."""
        for service in self.provided.values():
            if isinstance(service, kind):
                return service
        raise LookupError(f"no flow provides a {kind.__name__}")

    async def run_job(self, name: str) -> Any:
        """Run one background job now (tests, tools); the scheduler runs them periodically."""
        job = next((j for j in self.flows.jobs if j.name == name), None)
        if job is None:
            raise LookupError(f"no flow has a job named {name!r}")
        return await run_job(job, self.named())

    async def warm_up(self) -> None:
        """What start-up leaves for later (the bot answers meanwhile): the flows' warm-ups,
        such as the FAQ index; then everything built so far is set aside from the garbage
        collector. Those objects (aiogram's types, texts, flows, the index) live as long as
        the process, and a full collection that walked them all would hold every resident
        up for a third of a second each time."""
        await self.flows.warm_up(self.named())
        gc.freeze()

    async def close(self) -> None:
        await self.db.close()

    async def load_demo_if_empty(self) -> bool:
        """A fresh database gets the community file from settings (the demo by default)."""
        if not await self.community.is_empty():
            return False
        path = Path(self.settings.community.file)
        community_file = read_community_file(path)
        await self.community.load(community_file)
        log.info("Loaded community file %s into an empty database", path)
        await self.flows.first_load({**self.named(), "community_file": community_file})
        return True


def create_dispatcher(services: Services) -> Dispatcher:
    settings = services.settings
    dp = BotDispatcher(
        storage=SQLiteStorage(services.db),
        # One resident's updates are handled one at a time (a double tap cannot race).
        events_isolation=ChatIsolation(),
        **services.named(),
    )
    # Outermost, around aiogram's own FSM middleware too: a failure loading the state is caught.
    register_outermost(dp, ErrorGuardMiddleware(services.texts, services.residents))
    dp.update.outer_middleware(
        FloodControlMiddleware(services.texts, settings.flood.burst, settings.flood.interval)
    )
    dp.update.outer_middleware(
        ResidentMiddleware(
            services.residents,
            services.texts,
            services.roles,
            set(settings.admins.telegram_ids),
        )
    )
    # Forms left by any route (a button, /cancel, /menu, another flow) release what they hold.
    dp.update.outer_middleware(LeaveWatch())
    services.flows.mount(dp)
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
