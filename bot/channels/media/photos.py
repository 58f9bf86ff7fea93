"""Makes a photo one messenger holds viewable on another, by URL.

A Viber picture already is a public URL (Telegram sends a photo by URL). A Telegram photo is
a file id only this bot can read: the first time a Viber chat needs it, it is fetched through
the Bot API (getFile, then the download) with the bot's own aiogram Bot, checked (an image,
within MEDIA__MAX_PHOTO_BYTES), kept in the cache folder and recorded in media_files; the
answer is a signed link (links.py) that the media route serves. Everyone else sent the same
photo gets a link at once. A photo that cannot be had (too big, not an image, Telegram not
answering, no public address) gives None and the message goes as text; the failure is
remembered for a while so a broadcast does not ask Telegram a thousand times.

A photo no link was made for in the links' lifetime and a day (so no link to it works any
more) is forgotten, its bytes and its record: photos of appeals and reports hold personal
data, and an erased appeal's photo must not linger. That clean-up runs at most hourly."""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.channels.media.cache import MediaCache
from bot.channels.media.links import MediaLinks
from storage.database import Database
from storage.payload import is_url
from storage.timeutil import Clock, to_db, utcnow

log = logging.getLogger(__name__)

TELEGRAM = "telegram"
FAILURE_MEMORY = 600.0  # seconds a photo that could not be fetched is not asked for again
PURGE_EVERY = 3600.0
LINK_ROUNDING = timedelta(days=1)  # links expire at the end of a day (links.py)
DOWNLOAD_TIMEOUT = 20
_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


def image_type(data: bytes) -> str | None:
    """The picture type Viber shows, from the file's first bytes; None for anything else."""
    for signature, mime in _SIGNATURES:
        if data.startswith(signature):
            return mime
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return None


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    key: str
    file_id: str
    mime: str


class PhotoLinks:
    def __init__(
        self,
        db: Database,
        links: MediaLinks,
        cache: MediaCache,
        telegram: Bot | None,
        *,
        max_bytes: int,
        ttl: timedelta,
        clock: Clock = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self.links = links
        self._cache = cache
        self._telegram = telegram
        self._max_bytes = max_bytes
        self._kept = ttl + LINK_ROUNDING
        self._clock = clock
        self._purged_at = -PURGE_EVERY
        self._monotonic = monotonic
        self._failed: dict[str, float] = {}
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def url_for(self, ref: str) -> str | None:
        """A URL that shows the photo `ref` (a URL, or a Telegram file id), or None."""
        if is_url(ref):
            return ref
        if self._telegram is None or self.links.base_url is None:
            return None
        await self._purge_now_and_then()
        key = await self.links.key_of(TELEGRAM, ref)
        stored = await self._stored(key) or await self._fetch_first(key, ref)
        if stored is None:
            return None
        now = self._clock()
        await self._db.execute(  # at most one write a day for a photo sent to many
            "UPDATE media_files SET used_at = ? WHERE key = ? AND used_at < ?",
            (to_db(now), key, to_db(now - LINK_ROUNDING)),
        )
        return await self.links.url(key, stored.mime, now)

    async def purge(self) -> int:
        """Forget the photos no working link points to any more; returns how many."""
        horizon = to_db(self._clock() - self._kept)
        rows = await self._db.fetchall("SELECT key FROM media_files WHERE used_at <= ?", (horizon,))
        keys = [str(row["key"]) for row in rows]
        if keys:
            await self._cache.drop(keys)
            await self._db.execute("DELETE FROM media_files WHERE used_at <= ?", (horizon,))
        return len(keys)

    async def _purge_now_and_then(self) -> None:
        if self._monotonic() - self._purged_at >= PURGE_EVERY:
            self._purged_at = self._monotonic()
            await self.purge()

    async def content(self, key: str) -> tuple[bytes, str] | None:
        """The bytes and type of photo `key`, fetched again if the cache let them go."""
        stored = await self._stored(key)
        if stored is None:
            return None
        data = await self._cache.read(key)
        if data is None:
            data = await self._download(stored.file_id)
            if data is None:
                return None
            await self._cache.write(key, data)
        return data, stored.mime

    async def _stored(self, key: str) -> StoredPhoto | None:
        row = await self._db.fetchone("SELECT file_id, mime FROM media_files WHERE key = ?", (key,))
        return StoredPhoto(key, row["file_id"], row["mime"]) if row else None

    async def _fetch_first(self, key: str, file_id: str) -> StoredPhoto | None:
        failed_at = self._failed.get(key)
        if failed_at is not None and self._monotonic() - failed_at < FAILURE_MEMORY:
            return None
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:  # a broadcast's many sends fetch the photo once
            stored = await self._stored(key)
            if stored is not None:
                return stored
            data = await self._download(file_id)
            mime = image_type(data) if data else None
            if data is None or mime is None:
                self._failed[key] = self._monotonic()
                if len(self._failed) > 1000:
                    self._failed.clear()
                return None
            await self._cache.write(key, data)
            now = to_db(self._clock())
            await self._db.execute(
                "INSERT INTO media_files(key, channel, file_id, size, mime, created_at, used_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (key, TELEGRAM, file_id, len(data), mime, now, now),
            )
            return StoredPhoto(key, file_id, mime)

    async def _download(self, file_id: str) -> bytes | None:
        bot = self._telegram
        if bot is None:
            return None
        try:
            found = await bot.get_file(file_id)
            if found.file_path is None or (found.file_size or 0) > self._max_bytes:
                log.info("A Telegram photo of %s bytes is too big to show", found.file_size)
                return None
            buffer = await bot.download_file(found.file_path, timeout=DOWNLOAD_TIMEOUT)
        except (TelegramAPIError, aiohttp.ClientError, TimeoutError, OSError) as error:
            log.warning("A Telegram photo could not be fetched: %s", type(error).__name__)
            return None
        data = buffer.read() if buffer is not None else b""
        if not data or len(data) > self._max_bytes:
            return None
        return data
