"""How the outbox sender reaches a messenger: one `Transport` per channel.

A transport renders a channel-neutral `Payload` its own way and makes the call. It reports
what happened in neutral terms, so the sender treats Telegram, Viber and whatever comes next
alike:

- returns the channel's id of the delivered message (as text);
- `Blocked`: the resident blocked the bot or unsubscribed; they are inactive on this channel;
- `RetryAfter(seconds)`: the channel asks us to slow down; the whole channel pauses;
- `Rejected`: the channel refused this message (a bad request); trying again will not help;
- `Unavailable`: the channel did not answer (network error, timeout, 5xx); it is down, not
  the message: the channel backs off and the message waits without losing an attempt;
- `Withheld(code)`: the channel would charge for it and the community's rules say no (the
  resident did not opt in, the month's cap is reached): skipped, saying why, never retried.

Anything else a transport raises is retried a bounded number of times."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from storage.payload import Payload


@dataclass(frozen=True, slots=True)
class ChannelLimits:
    """What a channel allows: messages a second overall, and the gap between two messages
    to one chat."""

    rate_per_second: float = 25.0
    per_chat_interval: float = 1.0

    def __post_init__(self) -> None:
        if self.rate_per_second <= 0 or self.per_chat_interval < 0:
            raise ValueError("a channel's rate must be positive and its chat interval not negative")


class Transport(Protocol):
    channel: str
    limits: ChannelLimits

    async def send(self, chat_id: str, payload: Payload) -> str:
        """Deliver one message; returns the channel's message id."""
        ...


@runtime_checkable
class OffersTransport(Protocol):
    """A channel mounted beside another (Viber beside the Telegram webhook) that the one
    outbox sender can send through."""

    def transport(self) -> Transport: ...


class TransportError(Exception):
    """A send did not deliver; the subclass says what the sender should do."""


# Outcomes the sender acts on, named as it reads them (ruff's N818 wants an Error suffix).
class Blocked(TransportError):  # noqa: N818
    """The resident blocked the bot or unsubscribed on this channel."""


class RetryAfter(TransportError):  # noqa: N818
    def __init__(self, seconds: float, message: str = "") -> None:
        super().__init__(message or f"retry after {seconds} s")
        self.seconds = seconds


class Rejected(TransportError):  # noqa: N818
    """The channel refused this very message; it will not get better."""


class Unavailable(TransportError):  # noqa: N818
    """The channel did not answer: a network error, a timeout, a 5xx."""


class Withheld(TransportError):  # noqa: N818
    """A paid message the rules keep back; `code` is the outbox's skip code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
