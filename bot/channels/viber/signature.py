"""Viber signs every callback: X-Viber-Content-Signature is the hex HMAC-SHA256 of the raw
request body, keyed by the bot's auth token."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Viber-Content-Signature"


def sign(body: bytes, token: str) -> str:
    return hmac.new(token.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str | None, token: str) -> bool:
    """Constant-time check; a missing or malformed signature is simply wrong."""
    if not signature:
        return False
    given = signature.strip().lower().encode("utf-8", "surrogateescape")
    return hmac.compare_digest(given, sign(body, token).encode("ascii"))
