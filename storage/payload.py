"""A channel-neutral message: what the outbox keeps and every channel renders its own way.

Text uses the bot's limited formatting: <b>, <i>, <u>, <s>, <code>, <a href="...">, with
everything a resident or official typed escaped. Telegram sends it as HTML; Viber turns it
into its own markup. Buttons are label + callback data (a pressed button comes back to the
handlers as a callback query on every channel) or label + URL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def is_url(value: str) -> bool:
    return value.startswith(("https://", "http://"))


@dataclass(frozen=True, slots=True)
class PayloadButton:
    text: str
    callback_data: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.callback_data is None) == (self.url is None):
            raise ValueError("a button has either callback data or a URL")

    def to_dict(self) -> dict[str, str]:
        key, value = ("url", self.url) if self.url is not None else ("data", self.callback_data)
        return {"text": self.text, key: str(value)}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> PayloadButton:
        return cls(text=str(raw["text"]), callback_data=raw.get("data"), url=raw.get("url"))


@dataclass(frozen=True, slots=True)
class Payload:
    text: str
    buttons: tuple[tuple[PayloadButton, ...], ...] = ()
    # A photo by channel: the file id each messenger gave it, or "url" for a public address.
    photo: Mapping[str, str] = field(default_factory=dict)
    # Set by the outbox when it hands the message to a transport (a channel that charges for
    # messages counts each row once); never stored.
    outbox_id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("a message needs a non-empty text")

    @classmethod
    def of(
        cls,
        text: str,
        buttons: Iterable[Iterable[PayloadButton]] = (),
        photo: Mapping[str, str] | None = None,
    ) -> Payload:
        return cls(text, tuple(tuple(row) for row in buttons), dict(photo or {}))

    def photo_for(self, channel: str) -> str | None:
        """What `channel` can send as it is: its own file id, or a public URL (a Viber
        picture is one, and Telegram sends a photo by URL)."""
        own = self.photo.get(channel) or self.photo.get("url")
        return own or next((v for v in self.photo.values() if is_url(v)), None)

    def photo_ref(self, channel: str) -> str | None:
        """The photo for `channel`: what it can send as it is, else another messenger's file
        id, which the channel's session may still make viewable (a signed URL on Viber)."""
        return self.photo_for(channel) or next(iter(self.photo.values()), None)

    def to_json(self) -> str:
        raw: dict[str, Any] = {"text": self.text}
        if self.buttons:
            raw["buttons"] = [[b.to_dict() for b in row] for row in self.buttons]
        if self.photo:
            raw["photo"] = dict(self.photo)
        return json.dumps(raw, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, value: str) -> Payload:
        raw = json.loads(value)
        rows = [[PayloadButton.from_dict(b) for b in row] for row in raw.get("buttons", [])]
        return cls.of(str(raw["text"]), rows, raw.get("photo"))
