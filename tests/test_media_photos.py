"""Photos across messengers. An announcement's (or an appeal's, or a report's) Telegram photo
reaches Viber as a picture at a signed, expiring link on the bot's own server, fetched once
through the Bot API (getFile and the download) into a size-limited cache; a Viber picture is
a URL, which Telegram sends as it is. Without a way to the photo the text still goes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app import Services
from bot.channels.emulator import ApiFailure
from bot.channels.media.cache import MediaCache
from bot.channels.media.links import MediaLinks
from bot.channels.media.photos import PhotoLinks
from bot.channels.media.route import add_media_route
from bot.channels.polling import telegram_bot
from bot.channels.viber.webhook import viber_mount
from bot.channels.webhook import build_webhook_app
from bot.config import ConfigError, load_settings
from storage.audit import Actor
from storage.news.model import Topic
from storage.outbox import OutboxState
from storage.payload import Payload
from storage.roles import Role
from tests.appeals.chat import NEAR, write_appeal
from tests.fake_bot_api import FakeBotApi
from tests.fake_viber_api import FakeViberApi
from tests.harness import FakeClock, make_settings
from tests.paid_world import World, number_of, onboard_telegram, onboard_viber
from tests.test_viber_webhook import OLENA, OLENA_ID, PUBLIC_URL, message, serve, wait_for
from tests.viber_harness import ViberChat

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4 + b"\xff\xd9"
VIBER_TOKEN = "4a7c2b1f00e3d9c8-viber-e2e-token"
TELEGRAM_TOKEN = "4343:webhook-test-token-not-real"


def pictures(api_sent: list[dict[str, Any]], receiver: str) -> list[dict[str, Any]]:
    return [m for m in api_sent if m["receiver"] == receiver and m["type"] == "picture"]


async def fetch(server: TestServer, url: str) -> tuple[int, bytes, str]:
    """What Viber gets when it fetches `url` (the public address stands for this server)."""
    async with aiohttp.ClientSession() as http, http.get(server.make_url(urlsplit(url).path)) as r:
        return r.status, await r.read(), r.content_type


# --- over HTTP: the fake Bot API, the fake Viber API, the bot's own server -----------------


@pytest.fixture
async def apis() -> AsyncIterator[tuple[FakeBotApi, FakeViberApi]]:
    async with FakeBotApi(TELEGRAM_TOKEN) as telegram, FakeViberApi(VIBER_TOKEN) as viber:
        yield telegram, viber


async def test_an_announcement_photo_reaches_viber_over_http(
    tmp_path: Path, apis: tuple[FakeBotApi, FakeViberApi]
) -> None:
    telegram_api, viber_api = apis
    telegram_api.emulator.stored_files["AgAD-notice"] = JPEG
    settings = make_settings(
        tmp_path / "media.sqlite3",
        telegram={"api_base": telegram_api.url, "token": TELEGRAM_TOKEN, "mode": "webhook"},
        webhook={"public_url": PUBLIC_URL, "secret": "s3cret-from-settings_ABC"},
        viber={"token": VIBER_TOKEN, "api_base": viber_api.url},
    )
    services = await Services.open(settings)
    try:
        await services.load_demo_if_empty()
        bot = telegram_bot(settings)
        app = build_webhook_app(services, bot, mounts=[viber_mount(services, telegram=bot)])
        server = await serve(app, viber_api)
        try:
            await http_scenario(services, server, telegram_api, viber_api)
        finally:
            await server.close()
    finally:
        await services.close()


async def http_scenario(
    services: Services, server: TestServer, telegram_api: FakeBotApi, viber_api: FakeViberApi
) -> None:
    await viber_api.post_event({"event": "conversation_started", "user": OLENA})
    await viber_api.post_event(message("привіт"))
    olena = await services.residents.find_by_channel("viber", OLENA_ID)
    assert olena is not None
    photo = {"telegram": "AgAD-notice"}
    for text in ("Толока в суботу", "Толока: нагадування"):
        await services.outbox.enqueue(olena.id, Payload.of(text, photo=photo))

    async def delivered() -> bool:
        return (await services.outbox.counts())[OutboxState.SENT] == 2

    await wait_for(delivered, "both announcements delivered to Viber")
    sent = pictures(viber_api.api.sent, OLENA_ID)
    assert [m["text"] for m in sent] == ["Толока в суботу", "Толока: нагадування"]
    url = sent[0]["media"]
    assert url.startswith(f"{PUBLIC_URL}/media/")
    assert url.endswith(".jpg"), "Viber wants the extension as the last path segment"
    assert sent[1]["media"] == url, "the same photo, the same link the same day"
    assert "AgAD-notice" not in url, "the link does not give the file id away"
    status, body, kind = await fetch(server, url)
    assert (status, body, kind) == (200, JPEG, "image/jpeg")
    calls = [c.method for c in telegram_api.emulator.calls]
    assert calls.count("getFile") == 1, "fetched once, then from the cache"

    head, signature = url.rsplit("/", 1)
    flipped = ("1" if signature[0] == "0" else "0") + signature[1:]
    assert (await fetch(server, f"{head}/{flipped}"))[0] == 404, "a forged signature"
    expires = head.rsplit("/", 1)[-1]
    later = head.replace(f"/{expires}", f"/{int(expires) + 86_400}")
    assert (await fetch(server, f"{later}/{signature}"))[0] == 404, "a stretched expiry"


# --- in process: expiry, the cache, what cannot be shown ---------------------------------


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    started = await World.start(tmp_path / "photos.sqlite3", clock)
    yield started
    await started.stop()


@pytest.fixture
async def media_server(world: World, clock: FakeClock) -> AsyncIterator[TestServer]:
    app = web.Application()
    add_media_route(app, world.viber.channel.photos, clock)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server
    await server.close()


async def viber_resident(world: World, user_id: int = 2001) -> tuple[ViberChat, int]:
    chat = world.on_viber(user_id)
    await onboard_viber(chat, world.services.texts.get("uk")("paid-news-all"))
    return chat, await number_of(world, "viber", chat.viber_id)


async def test_links_expire_and_the_cache_fetches_again(
    world: World, media_server: TestServer, clock: FakeClock
) -> None:
    world.telegram.emulator.stored_files["AgAD-1"] = JPEG
    chat, number = await viber_resident(world)
    await world.services.outbox.enqueue(number, Payload.of("Ремонт", photo={"telegram": "AgAD-1"}))
    await world.deliver()
    (picture,) = pictures(world.viber.api.sent, chat.viber_id)
    cache = world.services.settings.media_dir
    for cached in cache.iterdir():
        cached.unlink()  # the cache let it go
    assert (await fetch(media_server, picture["media"]))[:2] == (200, JPEG)
    assert [c.method for c in world.telegram.emulator.calls].count("getFile") == 2
    photos = world.viber.channel.photos
    assert await photos.purge() == 0, "a link to it still works"
    clock.advance(days=world.services.settings.media.link_days + 1)
    assert (await fetch(media_server, picture["media"]))[0] == 404, "expired"
    # No link to it works any more: an appeal's photo must not linger in the cache.
    assert await photos.purge() == 1
    assert list(cache.iterdir()) == []
    assert await world.services.db.fetchval("SELECT COUNT(*) FROM media_files") == 0


async def test_the_cache_stays_within_its_size(tmp_path: Path, clock: FakeClock) -> None:
    world = await World.start(tmp_path / "small.sqlite3", clock)
    world.viber.settings.media.cache_bytes = len(JPEG) * 2 + 10
    world.mount_viber()
    try:
        chat, number = await viber_resident(world)
        for n in range(4):
            world.telegram.emulator.stored_files[f"AgAD-{n}"] = JPEG[:-2] + bytes([n]) + b"\xd9"
            photo = {"telegram": f"AgAD-{n}"}
            await world.services.outbox.enqueue(number, Payload.of(f"№{n}", photo=photo))
        await world.deliver()
        assert len(pictures(world.viber.api.sent, chat.viber_id)) == 4
        held = sum(f.stat().st_size for f in world.services.settings.media_dir.iterdir())
        assert 0 < held <= world.viber.settings.media.cache_bytes
    finally:
        await world.stop()


@pytest.mark.parametrize(
    "case", ["too big", "not an image", "unknown to Telegram", "no Telegram bot"]
)
async def test_a_photo_that_cannot_be_shown_leaves_the_text(
    tmp_path: Path, clock: FakeClock, case: str
) -> None:
    world = await World.start(
        tmp_path / "text.sqlite3", clock, telegram_photos=case != "no Telegram bot"
    )
    try:
        files = world.telegram.emulator.stored_files
        if case == "too big":
            files["AgAD-x"] = JPEG + bytes(world.services.settings.media.max_photo_bytes)
        elif case == "not an image":
            files["AgAD-x"] = b"%PDF-1.4 not a picture"
        elif case == "no Telegram bot":
            files["AgAD-x"] = JPEG
        chat, number = await viber_resident(world)
        await world.services.outbox.enqueue(
            number, Payload.of("Увага", photo={"telegram": "AgAD-x"})
        )
        await world.deliver()
        last = world.viber.api.messages_to(chat.viber_id)[-1]
        assert (last["type"], last["text"]) == ("text", "Увага")
        assert await world.services.db.fetchval("SELECT COUNT(*) FROM media_files") == 0
    finally:
        await world.stop()


async def test_a_broadcast_photo_from_telegram_shows_on_viber(
    world: World, clock: FakeClock
) -> None:
    world.telegram.emulator.stored_files["AgAD-b"] = JPEG
    official = world.on_telegram(900)
    await onboard_telegram(official)
    chat, _ = await viber_resident(world)
    clock.advance(hours=25)
    author = await number_of(world, "telegram", "900")
    await world.broadcast(author, Topic.NEWS, "Новий сквер", photo={"telegram": "AgAD-b"})
    (picture,) = pictures(world.viber.api.sent, chat.viber_id)
    assert "Новий сквер" in picture["text"]
    assert "/media/" in picture["media"]


# --- appeals: an officer on either messenger sees the photos -----------------------------


async def officer(world: World, chat: Any, channel: str, external_id: str) -> None:
    number = await number_of(world, channel, external_id)
    await world.services.roles.grant(number, Role.APPEALS_OFFICER, "", Actor.system("test"))


async def test_a_viber_officer_sees_a_telegram_appeal_photo(
    world: World, media_server: TestServer
) -> None:
    world.telegram.emulator.stored_files["AgAD"] = JPEG  # tests.harness Chat.send_photo's
    olena = world.on_telegram(1001)
    await onboard_telegram(olena)
    await write_appeal(olena)
    iryna = world.on_viber(3001)
    await onboard_viber(iryna)
    await officer(world, iryna, "viber", iryna.viber_id)
    await iryna.send("/appeals")
    await iryna.click("Зв-2026-0001")
    (picture,) = pictures(world.viber.api.sent, iryna.viber_id)
    assert picture["text"] == "Зв-2026-0001"
    assert (await fetch(media_server, picture["media"]))[:2] == (200, JPEG)


async def write_appeal_on_viber(chat: ViberChat) -> list[str]:
    await chat.click("🏠 Меню")
    await chat.click("🤝")
    await chat.click("✉️ Звернення")
    await chat.click("Скарга")
    await chat.click("Дороги і транспорт")
    await chat.send("Прошу відремонтувати яму на дорозі біля школи, там щодня ходять діти.")
    await chat.send_photo()
    await chat.share_location(*NEAR)
    await chat.click("Далі")
    if "ПІБ" in chat.last_text or "прізвище" in chat.last_text:
        await chat.send("Олена Петрівна Коваленко")
        await chat.send("с. Калинівка, вул. Шкільна, 1")
        await chat.share_contact()
    return await chat.click("Надіслати")


async def test_a_telegram_officer_sees_a_viber_appeal_photo(world: World) -> None:
    olena = world.on_viber(2001)
    await onboard_viber(olena)
    await write_appeal_on_viber(olena)
    iryna = world.on_telegram(3001)
    await onboard_telegram(iryna)
    await officer(world, iryna, "telegram", "3001")
    await iryna.send("/appeals")
    await iryna.click("Зв-2026-0001")
    photos = [m for m in iryna.bot_messages() if "photo" in m]
    assert [m["photo"][0]["file_id"] for m in photos] == ["https://dl.viber.example/p.jpg"]
    assert photos[0]["caption"] == "Зв-2026-0001"


async def test_a_photo_sent_to_many_at_once_is_fetched_once(world: World) -> None:
    world.telegram.emulator.stored_files["AgAD-c"] = JPEG
    photos = world.viber.channel.photos
    urls = await asyncio.gather(*(photos.url_for("AgAD-c") for _ in range(20)))
    assert len(set(urls)) == 1
    assert [c.method for c in world.telegram.emulator.calls].count("getFile") == 1


async def test_telegram_takes_a_viber_picture_by_url_or_sends_the_text(world: World) -> None:
    olena = world.on_telegram(1001)
    await onboard_telegram(olena)
    number = await number_of(world, "telegram", "1001")
    picture = {"viber": "https://dl.viber.example/resolved.jpg"}
    await world.services.outbox.enqueue(number, Payload.of("Яму засипано", photo=picture))
    await world.deliver()
    sent = olena.bot_messages()[-1]
    assert sent["photo"][0]["file_id"] == picture["viber"]
    assert sent["caption"] == "Яму засипано"

    failure = ApiFailure(400, "Bad Request: wrong file identifier/HTTP URL specified")
    world.telegram.emulator.pending_failures.append(failure)
    await world.services.outbox.enqueue(number, Payload.of("Світло увімкнено", photo=picture))
    await world.deliver()
    assert olena.bot_messages()[-1]["text"] == "Світло увімкнено", "the text, without the photo"


def test_the_media_path_may_not_take_a_webhook_path() -> None:
    with pytest.raises(ConfigError, match="MEDIA__PATH"):
        load_settings(
            _env_file=None,
            viber={"token": VIBER_TOKEN, "public_url": PUBLIC_URL},
            media={"path": "/viber/webhook"},
        )


async def test_without_a_public_address_there_is_no_link(world: World) -> None:
    world.telegram.emulator.stored_files["AgAD-n"] = JPEG
    db = world.services.db
    links = MediaLinks(db, None, "/media", timedelta(days=30))
    cache = MediaCache(world.services.settings.media_dir, 10_000_000)
    photos = PhotoLinks(db, links, cache, world.telegram.bot, max_bytes=10**6, ttl=timedelta(30))
    assert await photos.url_for("AgAD-n") is None
    assert "getFile" not in [c.method for c in world.telegram.emulator.calls], "nothing fetched"
    assert (
        await photos.url_for("https://dl.viber.example/p.jpg") == "https://dl.viber.example/p.jpg"
    )
