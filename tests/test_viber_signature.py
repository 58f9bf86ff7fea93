"""Viber's callback signature: hex HMAC-SHA256 of the raw body keyed by the token."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from bot.channels.viber.signature import sign, verify

TOKEN = "4a7c2b1f00e3d9c8-viber-token"
BODY = '{"event":"message","sender":{"id":"01234567890A=","name":"Олена"}}'.encode()


def test_a_genuine_signature_is_accepted() -> None:
    expected = hmac.new(TOKEN.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(BODY, TOKEN) == expected
    assert verify(BODY, expected, TOKEN)
    assert verify(BODY, expected.upper(), TOKEN), "hex is hex in either case"


@pytest.mark.parametrize(
    "signature",
    [None, "", "0" * 64, "zz", "підпис", sign(BODY, TOKEN)[:-1], sign(BODY, "another-token")],
    ids=repr,
)
def test_a_missing_or_wrong_signature_is_refused(signature: str | None) -> None:
    assert not verify(BODY, signature, TOKEN)


def test_a_tampered_body_is_refused() -> None:
    signature = sign(BODY, TOKEN)
    assert not verify(BODY.replace("Олена".encode(), "Іван".encode()), signature, TOKEN)
    assert not verify(BODY + b" ", signature, TOKEN)
