"""Viber's callbacks over HTTP: the route at VIBER__WEBHOOK_PATH on the bot's aiohttp app.

A callback without a valid X-Viber-Content-Signature gets 403 and is not handled. Viber's
`webhook` check gets 200. Every other callback is translated (updates.py) and fed to the
same Dispatcher as Telegram, with `channel="viber"` and the Viber id as the resident's
external id; the 200 goes back once it is handled, so a failure becomes a 500 Viber retries.

The welcome: a user who opens the chat for the first time has not subscribed yet, and Viber
lets the bot write to them only in the answer to `conversation_started`. So that callback's
`/start` is handled with every reply captured, and the replies go back merged into one
message in the response body (the greeting, the data notice and its consent buttons).

Photos: the channel mounts the media route (bot/channels/media) beside its webhook, so a
Telegram photo (given the Telegram bot that can fetch it) reaches Viber at a signed link.

`set_webhook` is called once the server listens (Viber checks the URL at once), retried a
few times with a growing pause, at VIBER__PUBLIC_URL (or WEBHOOK__PUBLIC_URL) + the path."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.app import Services, create_bot, create_dispatcher
from bot.channels.media.cache import MediaCache
from bot.channels.media.links import MediaLinks
from bot.channels.media.photos import PhotoLinks
from bot.channels.media.route import add_media_route
from bot.channels.viber.client import ViberApi, ViberClient, ViberError
from bot.channels.viber.ids import ViberUsers
from bot.channels.viber.render import sender_of
from bot.channels.viber.session import VIBER_BOT_TOKEN, ViberSession
from bot.channels.viber.signature import SIGNATURE_HEADER, verify
from bot.channels.viber.state import ChatStore
from bot.channels.viber.transport import ViberTransport
from bot.channels.viber.updates import Incoming, UpdateTranslator
from bot.config import ConfigError
from storage.costs import PaidMessages

log = logging.getLogger(__name__)

CHANNEL = "viber"
REGISTER_ATTEMPTS = 6
REGISTER_FIRST_PAUSE = 0.5


class ViberChannel:
    """The Viber bot on one Dispatcher: translation in, ViberSession out. `telegram`: the
    Telegram bot whose photos Viber residents may be shown (None: they get the text)."""

    def __init__(
        self, services: Services, dp: Dispatcher, api: ViberApi, telegram: Bot | None = None
    ) -> None:
        settings = services.settings.viber
        self._token = settings.token  # None (the terminal demo): every HTTP callback refused
        self.services = services
        self.dp = dp
        self.users = ViberUsers(services.db, services.clock)
        self.chats = ChatStore(services.db)
        self.photos = media_photos(services, telegram)
        self.session = ViberSession(
            api,
            self.users,
            self.chats,
            PaidMessages(services.db, services.clock),
            sender=sender_of(settings.bot_name, settings.avatar_url),
            monthly_cap=settings.monthly_cap,
            clock=services.clock,
            photos=self.photos,
        )
        self.bot = create_bot(VIBER_BOT_TOKEN, self.session)
        self.translator = UpdateTranslator(self.users, self.chats)
        self.webhook_url = services.settings.viber_webhook_url
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._register: asyncio.Task[bool] | None = None

    def transport(self) -> ViberTransport:
        """This channel as a way out for the outbox sender."""
        return ViberTransport(self.bot, self.session)

    # --- one callback -------------------------------------------------------------------------

    async def handle_event(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """Handle one (verified) callback; returns the welcome message for the response."""
        key = _viber_id(event)
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:  # one user's callbacks in order: the keyboard state is per chat
            incoming = await self.translator.translate(event)
            if incoming.subscribed is not None:
                await self._subscription(incoming)
            if incoming.update is None or incoming.viber_id is None:
                return None
            if not incoming.welcome:
                await self._feed(incoming)
                return None
            with self.session.capture_welcome(incoming.viber_id) as welcome:
                await self._feed(incoming)
            return welcome.body()

    async def _feed(self, incoming: Incoming) -> None:
        assert incoming.update is not None
        await self.dp.feed_update(
            self.bot, incoming.update, channel=CHANNEL, external_user_id=incoming.viber_id
        )

    async def _subscription(self, incoming: Incoming) -> None:
        """Unsubscribed: nothing more can reach them on Viber; subscribed: they are back."""
        resident = await self.services.residents.find_by_channel(CHANNEL, str(incoming.viber_id))
        if resident is not None:
            await self.services.residents.set_active(
                resident.id, bool(incoming.subscribed), channel=CHANNEL
            )

    async def handle_request(self, request: web.Request) -> web.Response:
        body = await request.read()
        token = self._token.get_secret_value() if self._token is not None else ""
        if not token or not verify(body, request.headers.get(SIGNATURE_HEADER), token):
            log.warning("Viber callback with a missing or wrong signature refused")
            return web.Response(status=403)
        try:
            event = json.loads(body)
        except ValueError:
            return web.Response(status=400)
        if not isinstance(event, dict):
            return web.Response(status=400)
        welcome = await self.handle_event(event)
        if welcome is None:
            return web.Response(status=200)
        return web.json_response(welcome)

    # --- lifecycle ----------------------------------------------------------------------------

    def mount(self, app: web.Application) -> None:
        app.router.add_post(self.services.settings.viber.webhook_path, self.handle_request)
        add_media_route(app, self.photos, self.services.clock)
        app.on_startup.append(self._on_startup)
        app.on_cleanup.append(self._on_cleanup)

    async def _on_startup(self, _app: web.Application) -> None:
        self._register = asyncio.create_task(self.register_webhook(), name="viber-set-webhook")

    async def _on_cleanup(self, _app: web.Application) -> None:
        task, self._register = self._register, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.bot.session.close()

    async def register_webhook(self) -> bool:
        """Tell Viber where to call; Viber checks the address at once, so this runs only
        after the server has started listening."""
        pause = REGISTER_FIRST_PAUSE
        for attempt in range(1, REGISTER_ATTEMPTS + 1):
            await asyncio.sleep(pause)
            try:
                await self.session.viber.set_webhook(self.webhook_url)
            except ViberError as error:
                log.warning("Viber set_webhook attempt %d failed: %s", attempt, error)
                pause *= 2
                continue
            log.info("Viber webhook set to %s", self.webhook_url)
            return True
        log.error("Viber webhook could not be set; Viber residents get no answers")
        return False


# The Viber channel of an app built by build_viber_app.
VIBER_CHANNEL = web.AppKey("viber_channel", ViberChannel)


def _viber_id(event: dict[str, Any]) -> str:
    for holder in ("sender", "user"):
        profile = event.get(holder)
        if isinstance(profile, dict) and profile.get("id"):
            return str(profile["id"])
    return str(event.get("user_id") or "")


def media_photos(services: Services, telegram: Bot | None) -> PhotoLinks:
    settings = services.settings
    media = settings.media
    ttl = timedelta(days=media.link_days)
    links = MediaLinks(services.db, settings.public_url, media.path, ttl)
    cache = MediaCache(settings.media_dir, media.cache_bytes)
    return PhotoLinks(
        services.db,
        links,
        cache,
        telegram,
        max_bytes=media.max_photo_bytes,
        ttl=ttl,
        clock=services.clock,
    )


def viber_client(services: Services) -> ViberClient:
    settings = services.settings.viber
    if settings.token is None:
        raise ConfigError("VIBER__TOKEN: required for the Viber channel")
    return ViberClient(settings.token, settings.api_base)


def viber_mount(
    services: Services, api: ViberApi | None = None, *, telegram: Bot | None = None
) -> Callable[[web.Application, Dispatcher], ViberChannel]:
    """A hook for build_webhook_app: Viber's route on the Telegram webhook's app."""

    def mount(app: web.Application, dp: Dispatcher) -> ViberChannel:
        channel = ViberChannel(services, dp, api or viber_client(services), telegram)
        channel.mount(app)
        return channel

    return mount


def build_viber_app(
    services: Services,
    api: ViberApi | None = None,
    *,
    background: bool = True,
    telegram: Bot | None = None,
) -> web.Application:
    """Viber's own server (when Telegram polls, or there is no Telegram): its route,
    /healthz and, with `background`, the jobs that send on their own through Viber. Only
    one outbox sender may run per database (storage/outbox.py): beside Telegram polling,
    pass `background=False` and give the polling runner `app[VIBER_CHANNEL].transport()`;
    `telegram`, the polling bot, lets Viber residents see Telegram photos."""
    from bot.channels.webhook import add_health_route
    from bot.runtime import Background, start_background

    app = web.Application()
    add_health_route(app, services)
    channel = viber_mount(services, api, telegram=telegram)(app, create_dispatcher(services))
    app[VIBER_CHANNEL] = channel

    if not background:
        return app
    running: list[Background] = []

    async def on_startup(_app: web.Application) -> None:
        running.append(await start_background(services, None, transports=[channel.transport()]))

    async def on_cleanup(_app: web.Application) -> None:
        for jobs in running:
            await jobs.stop()

    app.on_startup.append(on_startup)
    app.on_cleanup.insert(0, on_cleanup)
    return app
