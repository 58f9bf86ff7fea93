"""Signed, expiring links to cached photos: `<base><path>/<key>/<expires>/<signature>.<ext>`.

The key names a photo without telling its file id; the signature is an HMAC over key and
expiry with this installation's own secret (install_keys), so a link can be neither guessed
nor stretched. Expiry is rounded up to a whole day, so everyone sent the same photo on one
day (a broadcast) gets the same link, which Viber may then fetch only once. Viber wants the
last path segment to end in .jpg, .png or .gif."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import datetime, timedelta

from storage.database import Database

KEY_NAME = "media-links"
DAY = 86_400
_DIGEST = 32  # hex characters: 128 bits
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}


class MediaLinks:
    def __init__(self, db: Database, base_url: str | None, path: str, ttl: timedelta) -> None:
        self._db = db
        self.base_url = base_url.rstrip("/") if base_url else None
        self.path = path
        self._ttl = ttl
        self._secret: bytes | None = None

    async def _key_bytes(self) -> bytes:
        if self._secret is None:
            await self._db.execute(
                "INSERT INTO install_keys(name, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (KEY_NAME, secrets.token_hex(32)),
            )
            value = await self._db.fetchval(
                "SELECT value FROM install_keys WHERE name = ?", (KEY_NAME,)
            )
            self._secret = bytes.fromhex(str(value))
        return self._secret

    async def _digest(self, text: str) -> str:
        mac = hmac.new(await self._key_bytes(), text.encode("utf-8"), hashlib.sha256)
        return mac.hexdigest()[:_DIGEST]

    async def key_of(self, channel: str, file_id: str) -> str:
        return await self._digest(f"file:{channel}:{file_id}")

    async def url(self, key: str, mime: str, now: datetime) -> str | None:
        """The link to the photo `key`; None without a public address."""
        if self.base_url is None:
            return None
        expires = math.ceil((now + self._ttl).timestamp() / DAY) * DAY
        signature = await self._digest(f"link:{key}:{expires}")
        extension = EXTENSIONS.get(mime, "jpg")
        return f"{self.base_url}{self.path}/{key}/{expires}/{signature}.{extension}"

    async def valid(self, key: str, expires: str, signature: str, now: datetime) -> bool:
        if not expires.isdigit() or int(expires) <= now.timestamp():
            return False
        expected = await self._digest(f"link:{key}:{int(expires)}")
        return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))
