"""Telegram by webhook: Telegram POSTs each update to our HTTPS address.

`build_webhook_app` makes the aiohttp application: the update endpoint at webhook.path (a
request without the right `X-Telegram-Bot-Api-Secret-Token` gets 401 and is not handled),
`GET /healthz` for the load balancer, and the startup/cleanup hooks. `run_webhook` serves it
on webhook.host:webhook.port (behind a TLS-terminating proxy) until cancelled or signalled."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.app import Services, create_dispatcher, register_commands
from bot.config import ConfigError
from bot.runtime import Background, start_background
from bot.transport import OffersTransport, Transport

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT = 5.0
# aiohttp lets requests in progress finish for this long on shutdown; Docker's default grace
# period before SIGKILL is 10 s.
SHUTDOWN_TIMEOUT = 8.0

BACKGROUND = web.AppKey("background", Background)

# Another channel's routes on the same app and Dispatcher (Viber's webhook). What it returns
# may offer a `transport()` for the outbox sender.
Mount = Callable[[web.Application, Dispatcher], object]


class UpdateHandler(SimpleRequestHandler):
    """aiogram's handler for one bot, with three changes.

    * Updates are handled while Telegram waits (`handle_in_background=False`): the 200 goes
      out only once the update is handled. Telegram repeats a request that got no 2xx, so
      an update in progress when we shut down is finished (aiohttp waits SHUTDOWN_TIMEOUT)
      or re-sent after the restart, never lost; an error that escapes our middlewares (say,
      the database locked while loading the FSM state) becomes a 500 and Telegram tries
      again later; and Telegram's max_connections caps how many updates we handle at once.
      With background handling Telegram would get its 200 at once, and such updates would
      be gone. The price is a slower answer to Telegram, which is fine: it waits about
      60 s, and aiogram moves a handler that takes longer than 55 s to the background.
    * aiogram may put a handler's returned method into the HTTP response body; Telegram
      carries that out without telling us whether it failed. We call the Bot API instead, so
      every reply is a normal call whose errors are logged (and seen by tests).
    * The secret is compared as bytes: `secrets.compare_digest` raises TypeError on a str
      with non-ASCII characters, which would turn a forged header into a 500.
    """

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        if not self.secret_token:
            return False  # never serve updates without a secret
        given = telegram_secret_token.encode("utf-8", "surrogateescape")
        return secrets.compare_digest(given, self.secret_token.encode("utf-8"))

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        update = await request.json(loads=bot.session.json_loads)
        result: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
            bot, update, **self.data
        )
        if result is not None:
            await self.dispatcher.silent_call_request(bot=bot, result=result)
        return web.json_response({}, dumps=bot.session.json_dumps)


def build_webhook_app(
    services: Services, bot: Bot, mounts: Sequence[Mount] = ()
) -> web.Application:
    settings = services.settings.webhook
    if not settings.public_url:
        raise ConfigError("WEBHOOK__PUBLIC_URL: required in webhook mode")
    if settings.secret is None:
        raise ConfigError("WEBHOOK__SECRET: required in webhook mode")
    secret = settings.secret.get_secret_value()
    url = settings.public_url.rstrip("/") + settings.path
    dp = create_dispatcher(services)
    handler = UpdateHandler(dp, bot, handle_in_background=False, secret_token=secret)

    app = web.Application()
    # Not `handler.register(app, ...)`: that closes the bot session in on_shutdown, which
    # aiohttp runs before the requests in progress have finished. We close it on cleanup.
    app.router.add_post(settings.path, handler.handle)
    add_health_route(app, services)

    async def on_startup(app: web.Application) -> None:
        await register_commands(bot, services.texts)
        await bot.set_webhook(
            url,
            secret_token=secret,
            allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        log.info("Webhook set to %s", url)
        app[BACKGROUND] = await start_background(services, bot, transports=transports)
        await dp.emit_startup(**_workflow(dp, bot, app))

    async def on_cleanup(app: web.Application) -> None:
        # The webhook stays set: Telegram keeps the updates that come during a restart.
        try:
            await dp.emit_shutdown(**_workflow(dp, bot, app))
        finally:
            try:
                background = app.get(BACKGROUND)
                if background is not None:
                    await background.stop()
            finally:
                await bot.session.close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    transports: list[Transport] = []  # the mounted channels': one sender for all
    for mount in mounts:
        mounted = mount(app, dp)
        if isinstance(mounted, OffersTransport):
            transports.append(mounted.transport())
    return app


def add_health_route(app: web.Application, services: Services) -> None:
    app.router.add_get(HEALTH_PATH, _health(services))


def _workflow(dp: Dispatcher, bot: Bot, app: web.Application) -> dict[str, Any]:
    return {**dp.workflow_data, "bot": bot, "dispatcher": dp, "app": app}


def _health(services: Services) -> Any:
    async def health(_request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                version = await services.db.schema_version()
        except Exception:
            log.warning("Health check: the database does not answer", exc_info=True)
            return web.json_response({"ok": False}, status=503)
        return web.json_response({"ok": True, "schema_version": version})

    return health


async def run_webhook(
    services: Services, bot: Bot, *, handle_signals: bool = True, mounts: Sequence[Mount] = ()
) -> None:
    """Serve the webhook until cancelled (or SIGINT/SIGTERM when `handle_signals`)."""
    try:
        await serve(services, build_webhook_app(services, bot, mounts), handle_signals)
    finally:
        await bot.session.close()  # also when the app never started


async def serve(services: Services, app: web.Application, handle_signals: bool = True) -> None:
    """Serve `app` on webhook.host:webhook.port until cancelled or signalled."""
    settings = services.settings.webhook
    runner = web.AppRunner(app, shutdown_timeout=SHUTDOWN_TIMEOUT)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM) if handle_signals else ()
    for sig in signals:
        with suppress(NotImplementedError):  # no signal handlers on Windows
            loop.add_signal_handler(sig, stop.set)
    try:
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        log.info("Webhook server listening on %s:%s", settings.host, settings.port)
        await stop.wait()
        log.info("Stopping the webhook server")
    finally:
        for sig in signals:
            with suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
        await runner.cleanup()
