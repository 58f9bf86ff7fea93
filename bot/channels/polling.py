"""Telegram by long polling: the bot asks Telegram for updates (getUpdates) in a loop.

No public address is needed, so this is the default mode. Updates that arrive while the bot
is down wait on Telegram's side and are answered after a restart."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import TelegramObject

from bot.app import (
    Services,
    create_bot,
    create_dispatcher,
    register_commands,
    register_outermost,
)
from bot.config import ConfigError, Settings
from bot.runtime import Background, start_background
from bot.transport import Transport

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

# How long a stop waits for updates already being handled before it cancels them (within
# Docker's default 10 s between SIGTERM and SIGKILL).
DRAIN_TIMEOUT = 8.0


def telegram_bot(settings: Settings) -> Bot:
    """The Bot for the real (or a self-hosted, or a fake) Bot API at telegram.api_base."""
    token = settings.telegram.token
    if token is None:
        raise ConfigError("TELEGRAM__TOKEN: required to connect to Telegram")
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram.api_base))
    return create_bot(token.get_secret_value(), session)


class _InFlight(BaseMiddleware):
    """Remembers the tasks that handle updates, so that a stop lets them finish."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        task = asyncio.current_task()
        if task is not None and task not in self.tasks:
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return await handler(event, data)

    async def drain(self, timeout: float) -> None:
        pending = self.tasks - {asyncio.current_task()}
        if not pending:
            return
        _done, late = await asyncio.wait(pending, timeout=timeout)
        if late:
            log.warning("Cancelling %d update(s) still being handled after %ss", len(late), timeout)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)


class PollingRunner:
    """One polling run: `await runner.run()` until `await runner.stop()` (or SIGINT/SIGTERM
    when `handle_signals`). The dispatcher is `runner.dispatcher`; `runner.polling` is set
    while getUpdates is being called. A runner runs once."""

    def __init__(
        self,
        services: Services,
        bot: Bot,
        *,
        handle_signals: bool = True,
        polling_timeout: int = 30,
        drain_timeout: float = DRAIN_TIMEOUT,
        transports: Sequence[Transport] = (),
    ) -> None:
        self.services = services
        self.bot = bot
        self.transports = list(transports)  # other channels for the outbox sender (Viber)
        self.handle_signals = handle_signals
        self.polling_timeout = polling_timeout
        self.drain_timeout = drain_timeout
        self.dispatcher = create_dispatcher(services)
        self.polling = asyncio.Event()
        self._in_flight = _InFlight()
        register_outermost(self.dispatcher, self._in_flight)
        self.dispatcher.startup.register(self._on_startup)
        self.dispatcher.shutdown.register(self._on_shutdown)
        self._background: Background | None = None
        self._stop_requested = False
        self._stopper: asyncio.Task[None] | None = None
        self._running = False
        self._finished = asyncio.Event()

    async def run(self) -> None:
        if self._running or self._finished.is_set():
            raise RuntimeError("a PollingRunner runs once")
        self._running = True
        dp, bot = self.dispatcher, self.bot
        try:
            await register_commands(bot, self.services.texts)
            # getUpdates does not work while a webhook is set. Keep the updates that came
            # while the bot was down: residents who wrote then still get an answer.
            await bot.delete_webhook(drop_pending_updates=False)
            self._background = await start_background(
                self.services, bot, transports=self.transports
            )
            if self._stop_requested:
                return
            log.info(
                "Polling Telegram at %s as bot %s", self.services.settings.telegram.api_base, bot.id
            )
            await dp.start_polling(
                bot,
                handle_signals=self.handle_signals,
                polling_timeout=self.polling_timeout,
                allowed_updates=dp.resolve_used_update_types(),
                close_bot_session=True,
            )
        finally:
            try:
                await self._stop_background()
            finally:
                await bot.session.close()  # start_polling closes it too; this covers early exits
                self._running = False
                self.polling.clear()
                self._finished.set()

    async def stop(self) -> None:
        """Stop polling, let updates being handled finish, stop the background jobs."""
        self._stop_requested = True
        if self.polling.is_set():
            await self.dispatcher.stop_polling()
        if self._running:
            await self._finished.wait()

    async def _on_startup(self) -> None:
        self.polling.set()
        if self._stop_requested:  # stop() came while run() was still preparing
            self._stopper = asyncio.create_task(self.dispatcher.stop_polling())

    async def _on_shutdown(self) -> None:
        # Runs after getUpdates has stopped and before the bot session is closed: answers
        # still being sent go out, then the jobs that send on their own stop.
        self.polling.clear()
        try:
            await self._in_flight.drain(self.drain_timeout)
        finally:
            await self._stop_background()

    async def _stop_background(self) -> None:
        background, self._background = self._background, None
        if background is not None:
            await background.stop()


async def run_polling(
    services: Services,
    bot: Bot,
    *,
    handle_signals: bool = True,
    polling_timeout: int = 30,
    transports: Sequence[Transport] = (),
) -> None:
    """`python -m bot` in polling mode: runs until SIGINT/SIGTERM. `transports`: other
    channels (Viber) the outbox sender also sends through."""
    runner = PollingRunner(
        services,
        bot,
        handle_signals=handle_signals,
        polling_timeout=polling_timeout,
        transports=transports,
    )
    await runner.run()
